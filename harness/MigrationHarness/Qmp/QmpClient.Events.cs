namespace MigrationHarness.Qmp;

public sealed partial class QmpClient
{
    private readonly Lock _eventGate = new();
    private readonly List<QmpEvent> _events = [];
    private readonly List<EventWaiter> _waiters = [];

    /// <summary>Raised on the reader loop for every event; handlers must not block.</summary>
    public event Action<QmpEvent>? EventReceived;

    /// <summary>How many events have arrived so far: a mark to wait only for what comes after it (one hop's events, not an earlier hop's).</summary>
    public int EventMark
    {
        get { lock (_eventGate) return _events.Count; }
    }

    /// <summary>
    /// Waits for the first event at or after <paramref name="since"/> (an <see cref="EventMark"/>),
    /// already received or still to come, that matches. Looking at past events too means an event
    /// that raced ahead of the waiter is never missed; the mark keeps an earlier step's event
    /// (e.g. this QEMU's own incoming "completed" when it is the next hop's source) from answering.
    /// </summary>
    public async Task<QmpEvent> WaitForEventAsync(Func<QmpEvent, bool> match, TimeSpan timeout, string description,
        int since = 0, CancellationToken cancellationToken = default)
    {
        EventWaiter waiter;
        lock (_eventGate)
        {
            var seen = _events.Skip(since).FirstOrDefault(match);
            if (seen is not null) return seen;
            if (_closedBecause is { } closed)
                throw new QmpDisconnectedException($"{Peer} closed the QMP connection before {description}.", closed);
            waiter = new EventWaiter(match);
            _waiters.Add(waiter);
        }
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            return await waiter.Arrived.Task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QmpTimeoutException(description + $" ({Peer})", timeout);
        }
        finally
        {
            lock (_eventGate) _waiters.Remove(waiter);
        }
    }

    private void OnEvent(QmpEvent qmpEvent)
    {
        lock (_eventGate)
        {
            _events.Add(qmpEvent);
            foreach (var waiter in _waiters.Where(w => w.Match(qmpEvent)).ToArray())
            {
                waiter.Arrived.TrySetResult(qmpEvent);
                _waiters.Remove(waiter);
            }
        }
        EventReceived?.Invoke(qmpEvent);
    }

    private void FailEventWaiters(Exception reason)
    {
        lock (_eventGate)
        {
            foreach (var waiter in _waiters)
                waiter.Arrived.TrySetException(new QmpDisconnectedException($"{Peer} closed the QMP connection while an event was awaited.", reason));
            _waiters.Clear();
        }
    }

    private sealed record EventWaiter(Func<QmpEvent, bool> Match)
    {
        public TaskCompletionSource<QmpEvent> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
