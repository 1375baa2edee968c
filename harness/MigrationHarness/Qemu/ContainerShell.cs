using MigrationHarness.Containers;

namespace MigrationHarness.Qemu;

/// <summary>
/// A long-lived shell in one build container, attached through the engine, for the small file
/// work every case does in the run's volume: making and removing its directory, reading back
/// guest memory dumps, and reading the container's own counters after a failing case. One exec per operation costs an engine round trip of a tenth of a second or
/// more; a line to this shell costs a millisecond, and it works wherever the engine is. Requests
/// take turns; files come back as one base64 line (the image has coreutils, not much else).
/// </summary>
public sealed class ContainerShell(DockerEngine docker, string containerId, string shortId) : IAsyncDisposable
{
    // Paths come on stdin, never into the script's text; every answer is one line.
    private const string Script =
        """
        nl='
        '
        while IFS= read -r request; do
          op=${request%% *}; path=${request#* }
          case "$op" in
            C) n=${path%% *}; prefix=${path#* }; set --; i=0
               while [ "$i" -lt "$n" ]; do set -- "$@" "$prefix$i.bin"; i=$((i+1)); done
               cat -- "$@" 2>/dev/null | base64 -w0; echo ;;
            H) n=${path%% *}; prefix=${path#* }; set --; i=0
               while [ "$i" -lt "$n" ]; do set -- "$@" "$prefix$i.bin"; i=$((i+1)); done
               sums=$(b2sum -l 256 -- "$@" 2>/dev/null); words=
               while [ -n "$sums" ]; do
                 words="$words${sums%% *} "
                 case "$sums" in *"$nl"*) sums=${sums#*"$nl"} ;; *) sums= ;; esac
               done
               echo "$words" ;;
            M) if mkdir -p -- "$path" 2>/dev/null; then echo .; else echo '!'; fi ;;
            D) rm -rf -- "$path"; echo . ;;
            R) if [ -r "$path" ]; then
                 while IFS= read -r line || [ -n "$line" ]; do printf '%s ' "$line"; done 2>/dev/null < "$path"
               fi; echo ;;
            *) echo '!' ;;
          esac
        done
        """;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private ExecSession? _session;

    /// <summary>
    /// Reads the files <c>PREFIX0.bin</c> … <c>PREFIX{count-1}.bin</c> as one concatenation, in one
    /// request (the caller knows each file's size and checks the total).
    /// </summary>
    public async Task<byte[]> ReadConcatenatedAsync(string prefix, int count, CancellationToken cancellationToken = default) =>
        // With no file, cat would read the shell's own stdin: the requests that follow.
        count <= 0 ? [] : Convert.FromBase64String(await AskAsync('C', $"{count} {prefix}", cancellationToken));

    /// <summary>
    /// The BLAKE2b-256 digest of each of the files <c>PREFIX0.bin</c> … in order; a file missing gives none (the caller counts).
    /// BLAKE2b because it hashes at twice SHA-256's speed in coreutils (which does not use the CPU's SHA instructions), and the
    /// words are split by the shell itself: each process the shell starts costs milliseconds on a loaded host.
    /// </summary>
    public async Task<IReadOnlyList<string>> DigestsAsync(string prefix, int count, CancellationToken cancellationToken = default) =>
        count <= 0 ? [] : (await AskAsync('H', $"{count} {prefix}", cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A small text file's words, its lines joined by spaces; empty when it is missing or unreadable. The shell reads it
    /// itself: this runs after every failing case, for each of its containers, and a process costs milliseconds here.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadWordsAsync(string path, CancellationToken cancellationToken = default) =>
        (await AskAsync('R', path, cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Makes a directory (and its parents).</summary>
    public async Task MakeDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        if (await AskAsync('M', path, cancellationToken) != ".") throw new InfrastructureException($"cannot make {path} in container {shortId}");
    }

    /// <summary>Removes a file or directory tree; one already gone is not an error.</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default) => await AskAsync('D', path, cancellationToken);

    private async Task<string> AskAsync(char operation, string path, CancellationToken cancellationToken)
    {
        if (path.Contains('\n')) throw new ArgumentException("a path with a newline cannot be sent to the container shell", nameof(path));
        await _turn.WaitAsync(cancellationToken);
        try
        {
            // A request cut off by a cancel would leave its answer for the next one: the session is dropped and a fresh one started.
            var session = _session ??= await docker.StartExecAsync(containerId, ["sh", "-c", Script], cancellationToken, keepStdout: false);
            try
            {
                await session.WriteStdinAsync($"{operation} {path}\n", cancellationToken);
                while (await session.StdoutLines.WaitToReadAsync(cancellationToken))
                    if (session.StdoutLines.TryRead(out var line)) return line;
            }
            catch (OperationCanceledException)
            {
                _session = null;
                await session.DisposeAsync();
                throw;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                _session = null;
                await session.DisposeAsync();
                throw new DockerEngineException($"the shell in container {shortId} lost its connection: {ex.Message}", inner: ex);
            }
            _session = null;
            await session.DisposeAsync();
            throw new DockerEngineException($"the shell in container {shortId} ended ({session.StderrText.Trim()}): the container or the engine went away");
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session) await session.DisposeAsync();
        _session = null;
    }
}
