using System.Diagnostics;

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
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["HOME"] = Directory.CreateTempSubdirectory("mh-chromium-").FullName;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await stderr}");
        Directory.Delete(info.Environment["HOME"]!, recursive: true);
        return await stdout;
    }
}
