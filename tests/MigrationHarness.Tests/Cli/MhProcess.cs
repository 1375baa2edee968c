using System.Diagnostics;
using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Cli;

/// <summary>Runs the real <c>mh</c> (the built CLI assembly) as a separate process, as a user would.</summary>
public sealed class MhProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly Lock _gate = new();

    public static string Assembly => Path.Combine(RealQemuFixture.RepositoryRoot, "harness", "Mh", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "mh.dll");

    public MhProcess(params string[] args) : this(new Dictionary<string, string>(), args)
    {
    }

    /// <summary>Runs mh with extra environment variables (e.g. DOCKER_HOST of another engine).</summary>
    public MhProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RealQemuFixture.RepositoryRoot };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(Assembly);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public string Output { get { lock (_gate) return _output.ToString(); } }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Output))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new TimeoutException("mh did not print what was awaited:\n" + Output);
            await Task.Delay(100);
        }
    }

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
