using System.CommandLine;

namespace MigrationHarness.Cli;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    public static readonly Option<string?> BuildsFile = new("--builds") { Description = "The builds catalog (default: builds.yaml here or in a parent directory)", Recursive = true };
}
