using System.Collections.Concurrent;
using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>
/// One long-lived process in a build container that starts the run's QEMUs there and carries their
/// stdio over its own attached connection. An exec per QEMU costs the engine (dockerd, containerd,
/// runc) about 135 ms of CPU and 100 ms of wall time, more than QEMU's own start; a line to the
/// launcher costs a millisecond, and it works wherever the engine is. The launcher is a Perl script:
/// perl-base is Essential in Debian, so every image <c>mmdebstrap</c> makes has it. An image without
/// Perl gets an exec per QEMU (<see cref="StartAsync"/> returns null). When its connection
/// ends, because the harness went away, the launcher kills every process it started.
/// </summary>
/// <param name="interpreter">The Perl to run the launcher with (another name stands for an image without Perl).</param>
public sealed class ContainerLauncher(DockerEngine docker, string containerId, string shortId, string interpreter = "perl") : IAsyncDisposable
{
    // Requests (one line each; arguments and stdin data hex-encoded, so no byte of them is ever parsed):
    //   S ID ARG...  start a process     W ID DATA  write to its stdin     K ID SIG  signal it (a name, e.g. KILL)
    // Answers: READY once; P ID PID started; F ID TEXT could not start (TEXT hex); O ID LINE a stdout line;
    //   E ID DATA stderr bytes (hex); X ID CODE exited, as the engine reports an exec (128+N for signal N),
    //   sent only after both of its streams ended, so every line of it came first; its stdin pipe is closed then, so a
    //   launcher that starts thousands of QEMUs in a long run holds no descriptor of one that has gone.
    private const string Script =
        """
        use strict; use IO::Select; use POSIX ();
        $SIG{PIPE} = 'IGNORE';
        my (%pid_of, %id_of_pid, %stdin_of, %pending, %partial, %status, %open_streams, %id_of_fd, %kind_of_fd);
        my $reads = IO::Select->new(\*STDIN); my $writes = IO::Select->new(); my $request = '';
        sub put { my $line = "$_[0]\n"; my $off = 0;
          while ($off < length $line) { my $n = syswrite(STDOUT, $line, length($line) - $off, $off); exit 1 unless defined $n; $off += $n; } }
        sub finish { my ($id) = @_; return if $open_streams{$id} || !defined $status{$id}; my $s = delete $status{$id};
          put("X $id " . (($s & 127) ? 128 + ($s & 127) : $s >> 8)); delete $pid_of{$id}; delete $pending{$id}; delete $partial{$id};
          delete $open_streams{$id}; my $in = delete $stdin_of{$id}; if ($in) { $writes->remove($in); close $in; } }
        sub reap { while ((my $p = waitpid(-1, POSIX::WNOHANG())) > 0) { my $id = delete $id_of_pid{$p}; next unless defined $id; $status{$id} = $?; finish($id); } }
        sub failed { put("F $_[0] " . unpack('H*', $_[1])); }
        sub start { my ($id, @argv) = @_;
          pipe(my $in_r, my $in_w) or return failed($id, "pipe: $!"); pipe(my $out_r, my $out_w) or return failed($id, "pipe: $!");
          pipe(my $err_r, my $err_w) or return failed($id, "pipe: $!");
          my $pid = fork(); return failed($id, "fork: $!") unless defined $pid;
          if ($pid == 0) { $SIG{PIPE} = 'DEFAULT'; open(STDIN, '<&', $in_r); open(STDOUT, '>&', $out_w); open(STDERR, '>&', $err_w);
            exec { $argv[0] } @argv; print STDERR "cannot run $argv[0]: $!\n"; POSIX::_exit(127); }
          close $in_r; close $out_w; close $err_w; $in_w->blocking(0);
          $pid_of{$id} = $pid; $id_of_pid{$pid} = $id; $stdin_of{$id} = $in_w; $pending{$id} = ''; $partial{$id} = ''; $open_streams{$id} = 2;
          for ([$out_r, 'O'], [$err_r, 'E']) { my ($fh, $kind) = @$_; $id_of_fd{fileno $fh} = $id; $kind_of_fd{fileno $fh} = $kind; $reads->add($fh); }
          put("P $id $pid"); }
        sub flush_stdin { my ($id) = @_; my $fh = $stdin_of{$id}; return unless $fh; my $n = syswrite($fh, $pending{$id});
          if (defined $n) { substr($pending{$id}, 0, $n) = ''; } elsif (!$!{EAGAIN}) { $pending{$id} = ''; }
          if (length $pending{$id}) { $writes->add($fh) unless $writes->exists($fh); } else { $writes->remove($fh); } }
        sub handle { my ($op, $id, @rest) = split / /, $_[0], -1; return unless defined $id;
          if ($op eq 'S') { start($id, map { pack('H*', $_) } @rest); }
          elsif ($op eq 'W') { if ($stdin_of{$id}) { $pending{$id} .= pack('H*', $rest[0] // ''); flush_stdin($id); } }
          elsif ($op eq 'K') { kill($rest[0], $pid_of{$id}) if $pid_of{$id} && $rest[0] =~ /^[A-Z0-9]+$/; } }
        put("READY $$");
        while (1) {
          my $exiting = grep { !$open_streams{$_} } keys %pid_of;
          my ($r, $w) = IO::Select::select($reads, $writes, undef, $exiting ? 0.01 : 1);
          for my $fh (@{$w || []}) { for my $id (keys %stdin_of) { flush_stdin($id) if $stdin_of{$id} == $fh; } }
          for my $fh (@{$r || []}) {
            if (fileno($fh) == 0) { my $n = sysread(STDIN, my $chunk, 65536);
              if (!$n) { kill('KILL', values %pid_of); exit 0; }
              $request .= $chunk;
              while ((my $at = index($request, "\n")) >= 0) { my $line = substr($request, 0, $at); substr($request, 0, $at + 1) = ''; handle($line); }
              next; }
            my $fd = fileno $fh; my $id = $id_of_fd{$fd}; my $kind = $kind_of_fd{$fd};
            my $n = sysread($fh, my $chunk, 65536);
            if (!$n) { $reads->remove($fh); close $fh; delete $id_of_fd{$fd}; delete $kind_of_fd{$fd};
              put("O $id $partial{$id}") if $kind eq 'O' && length $partial{$id}; $partial{$id} = '' if $kind eq 'O';
              $open_streams{$id}--; finish($id); next; }
            if ($kind eq 'E') { put("E $id " . unpack('H*', $chunk)); next; }
            $partial{$id} .= $chunk;
            while ((my $at = index($partial{$id}, "\n")) >= 0) { put("O $id " . substr($partial{$id}, 0, $at)); substr($partial{$id}, 0, $at + 1) = ''; }
          }
          reap();
        }
        """;

    /// <summary>How long a launcher may take to greet before the container is taken to have none (no Perl).</summary>
    private static readonly TimeSpan Greeting = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly ConcurrentDictionary<long, LaunchedProcess> _processes = new();
    private ExecSession? _session;
    private bool _unavailable;
    private long _nextId;

    /// <summary>The launcher's own process id in the container, as it greeted.</summary>
    internal int? Pid { get; private set; }

    /// <summary>Whether a launcher answered in this container (false until one did, and for an image without Perl).</summary>
    public bool IsRunning => _session is { Completion.IsCompleted: false };

    /// <summary>
    /// Starts <paramref name="argv"/> in the container through the launcher; null when the container
    /// has none (its image lacks Perl), for the caller to exec instead.
    /// </summary>
    public async Task<IContainerProcess?> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken = default)
    {
        var session = await SessionAsync(cancellationToken);
        if (session is null) return null;
        var id = Interlocked.Increment(ref _nextId);
        var process = new LaunchedProcess(this, id);
        _processes[id] = process;
        try
        {
            await SendAsync(session, $"S {id} {string.Join(' ', argv.Select(Hex))}", cancellationToken);
            await process.Started.WaitAsync(cancellationToken);
            return process;
        }
        catch (OperationCanceledException)
        {
            // It may start after all: it must not run on unheld.
            _ = SendAsync(session, $"K {id} KILL", CancellationToken.None);
            throw;
        }
    }

    internal async Task WriteAsync(long id, string text, CancellationToken cancellationToken)
    {
        if (_session is not { } session) throw new IOException($"the launcher in container {shortId} is gone");
        await SendAsync(session, $"W {id} {Hex(text)}", cancellationToken);
    }

    /// <summary>Sends <paramref name="signal"/> (a name such as KILL) to a process the launcher started; false when the launcher is gone.</summary>
    internal async Task<bool> SignalAsync(long id, string signal, CancellationToken cancellationToken)
    {
        if (!signal.All(char.IsAsciiLetterOrDigit)) throw new ArgumentException($"not a signal name: {signal}", nameof(signal));
        if (_session is not { Completion.IsCompleted: false } session) return false;
        try
        {
            await SendAsync(session, $"K {id} {signal.ToUpperInvariant()}", cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<ExecSession?> SessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { Completion.IsCompleted: false } running) return running;
        if (_unavailable) return null;
        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_session is { Completion.IsCompleted: false } opened) return opened;
            if (_unavailable) return null;
            var session = await docker.StartExecAsync(containerId, [interpreter, "-e", Script], cancellationToken, keepStdout: false);
            string? greeting = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Greeting);
                try
                {
                    if (await session.StdoutLines.WaitToReadAsync(timeout.Token)) session.StdoutLines.TryRead(out greeting);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            }
            if (greeting is null || !greeting.StartsWith("READY ", StringComparison.Ordinal))
            {
                // No Perl in this image (or it could not run the script): every QEMU here gets an exec of its own.
                await session.DisposeAsync();
                _unavailable = true;
                return null;
            }
            Pid = int.TryParse(greeting.AsSpan(6), out var pid) ? pid : null;
            _session = session;
            _ = Task.Run(() => DispatchAsync(session));
            return session;
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Hands each answer to its process; when the launcher's connection ends, every process it held is lost with it.</summary>
    private async Task DispatchAsync(ExecSession session)
    {
        await foreach (var line in session.StdoutLines.ReadAllAsync())
        {
            var op = line.Length > 0 ? line[0] : ' ';
            var idEnd = line.IndexOf(' ', 2);
            if (line.Length < 3 || !long.TryParse(idEnd < 0 ? line.AsSpan(2) : line.AsSpan(2, idEnd - 2), out var id)) continue;
            if (!_processes.TryGetValue(id, out var process)) continue;
            var rest = idEnd < 0 ? "" : line[(idEnd + 1)..];
            switch (op)
            {
                case 'P': process.OnStarted(int.Parse(rest)); break;
                case 'F':
                    _processes.TryRemove(id, out _);
                    process.OnLost(new InfrastructureException($"the launcher in container {shortId} could not start a process: {System.Text.Encoding.UTF8.GetString(Convert.FromHexString(rest))}"));
                    break;
                case 'O': process.OnStdout(rest); break;
                case 'E': process.OnStderr(Convert.FromHexString(rest)); break;
                case 'X':
                    _processes.TryRemove(id, out _);
                    process.OnExit(new ExecExit(int.Parse(rest)));
                    break;
            }
        }
        var reason = new InfrastructureException($"the launcher in container {shortId} ended ({session.StderrText.Trim()}): the container or the engine went away");
        foreach (var (id, process) in _processes.ToArray())
        {
            _processes.TryRemove(id, out _);
            process.OnLost(reason);
        }
    }

    private static async Task SendAsync(ExecSession session, string line, CancellationToken cancellationToken)
    {
        try
        {
            await session.WriteStdinAsync(line + "\n", cancellationToken);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            throw new IOException($"the launcher's connection broke: {ex.Message}", ex);
        }
    }

    private static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));

    public async ValueTask DisposeAsync()
    {
        // The end of its stdin is what makes the launcher kill what it started and exit: it is sent first, and the
        // connection closed only once the launcher is gone (or after five seconds).
        if (_session is { } session)
        {
            session.CloseStdin();
            await Task.WhenAny(session.Completion, Task.Delay(TimeSpan.FromSeconds(5)));
            await session.DisposeAsync();
        }
        _session = null;
    }
}
