using System.Globalization;

namespace MigrationHarness.Containers;

/// <summary>
/// An engine named on the command line, <c>ADDRESS[,certs=DIR][,slots=N]</c>: the address as
/// <c>DOCKER_HOST</c> spells it, the directory of its TLS client certificates (ca.pem, cert.pem,
/// key.pem) when it differs from <c>DOCKER_CERT_PATH</c>, and how many cases it takes at once.
/// </summary>
public sealed record EngineAddress(DockerEndpoint Endpoint, int? Slots)
{
    public static EngineAddress Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        string? certificates = null;
        int? slots = null;
        foreach (var option in parts.Skip(1))
        {
            var (key, value) = option.Split('=', 2) is [var k, var v] ? (k, v) : (option, "");
            switch (key)
            {
                case "certs" when value.Length > 0:
                    certificates = Path.GetFullPath(value);
                    break;
                case "slots" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64:
                    slots = n;
                    break;
                default:
                    throw new BadInputException($"--engine '{text}': '{option}' is not an engine option (certs=DIR, slots=1..64)");
            }
        }
        return new EngineAddress(DockerEndpoint.Parse(parts[0], "--engine", certificates), slots);
    }
}
