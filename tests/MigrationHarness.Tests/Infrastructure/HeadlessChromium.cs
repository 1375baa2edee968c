using MigrationHarness.Processes;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>Debian's <c>chromium</c> in headless mode: a page's screenshot and its DOM after parsing and scripts.</summary>
public static class HeadlessChromium
{
    // No sandbox (tests run as root in a container-less CI), no GPU, no network chatter, no profile prompts.
    private static readonly string[] Flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
        "--no-first-run", "--hide-scrollbars", "--disable-extensions", "--mute-audio"];

    public static async Task ScreenshotAsync(string page, string png, int width, int height) =>
        await RunAsync([.. Flags, $"--window-size={width},{height}", "--screenshot=" + png, new Uri(page).AbsoluteUri]);

    public static async Task<string> DumpDomAsync(string page) => await RunAsync([.. Flags, "--dump-dom", new Uri(page).AbsoluteUri]);

    private static async Task<string> RunAsync(string[] args)
    {
        var executable = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException("chromium is not installed (scripts/setup.sh installs Debian's chromium package)");
        var profile = Directory.CreateTempSubdirectory("mh-chromium-").FullName;
        try
        {
            var result = await HostCommand.RunAsync(executable, [.. args[..^1], "--user-data-dir=" + profile, args[^1]], TimeSpan.FromSeconds(60));
            if (!result.Succeeded) throw new InvalidOperationException($"chromium exited {result.ExitCode}: {result.StandardError}");
            return result.StandardOutput;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
