using MigrationHarness.Tests.Infrastructure;

namespace MigrationHarness.Tests.Cli;

/// <summary>Runs the real <c>mh</c> (the built CLI assembly) as a separate process, as a user would.</summary>
public sealed class MhProcess : IDisposable
{
    private readonly BackgroundCommand _process;

    public static string Assembly => Path.Combine(RealQemuFixture.RepositoryRoot, "harness", "Mh", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "mh.dll");

    public MhProcess(params string[] args) : this(new Dictionary<string, string>(), args)
    {
    }

    /// <summary>
    /// Runs mh with extra environment variables (e.g. DOCKER_HOST of another engine). Through
    /// <c>env --default-signal=INT</c>: a suite started in the background by a shell without job
    /// control inherits SIGINT ignored, and mh, like any program, then keeps it ignored, as it should
    /// for <c>nohup</c>; a user at a terminal has it, so the tests give it back.
    /// </summary>
    public MhProcess(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        _process = new BackgroundCommand("env", ["--default-signal=INT", "dotnet", Assembly, .. args], RealQemuFixture.RepositoryRoot,
            environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    public int Pid => _process.Pid;
    public string Output => _process.Output;

    public Task<int> WaitAsync(TimeSpan timeout) => _process.WaitAsync(timeout);

    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Output))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new TimeoutException("mh did not print what was awaited:\n" + Output);
            await Task.Delay(100);
        }
    }

    public Task SignalAsync(string signal) => _process.SignalAsync(signal);

    public void Dispose() => _process.Dispose();
}
