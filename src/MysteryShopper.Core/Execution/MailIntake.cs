namespace MysteryShopper.Execution;

/// <summary>
/// What every mailbox does with the messages it reads, whatever the transport: attributes each to at most one probe
/// (a reply to a message the probe sent, else the probe's token in a recipient header), counts a message seen twice
/// once (two folders, a reconnect), keeps the ones no probe claims, and wakes the steps waiting for mail. With a
/// journal, each message is kept before anything else happens to it, and the attribution that counts is the one the
/// journal stored first (another process reading the same mailbox may have been first).
/// </summary>
public sealed class MailIntake : IMailbox
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IMailJournal? _journal;
    private readonly HashSet<string> _knownIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sentBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReceivedEmail>> _byToken = new(StringComparer.Ordinal);
    private readonly List<ReceivedEmail> _unattributed = [];
    private readonly List<Waiter> _waiters = [];
    private readonly Dictionary<string, (IReadOnlyList<string> Domains, DateTimeOffset Since)> _probes = new(StringComparer.Ordinal);

    public MailIntake(TimeProvider time, IMailJournal? journal = null)
    {
        _time = time;
        _journal = journal;
    }

    /// <summary>Raised (outside the lock) when a step starts waiting, so a mailbox can look more often while someone waits.</summary>
    public event Action? Waiting;

    /// <summary>Raised (outside the lock) after a new message was taken in (and kept), so a watcher can act on it at once.</summary>
    public event Action? Arrived;

    /// <summary>True while a step waits for mail.</summary>
    public bool HasWaiters
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count > 0;
            }
        }
    }

    /// <summary>Emails that matched no probe: kept and shown, never dropped.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed
    {
        get
        {
            lock (_gate)
            {
                return [.. _unattributed];
            }
        }
    }

    /// <summary>Every message taken in, attributed or not.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _knownIds.Count;
            }
        }
    }

    /// <summary>Remembers a message a probe sent, so replies to it are the probe's whatever address they go to.</summary>
    public void RegisterSent(string token, string messageId)
    {
        lock (_gate)
        {
            _sentBy[Normalise(messageId)] = token;
        }
    }

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since)
    {
        lock (_gate)
        {
            _probes[token] = (domains, since);
        }
    }

    /// <summary>Takes a message in, in memory only (nothing is kept in the journal); false when it was already known (the same Message-ID, or content hash).</summary>
    public bool Add(ReceivedEmail email)
    {
        string? token;
        lock (_gate)
        {
            if (!_knownIds.Add(email.Id))
            {
                return false;
            }

            token = Attribution(email);
        }

        Record(email with { Token = token });
        Arrived?.Invoke();
        return true;
    }

    /// <summary>
    /// Takes a message in: decides its probe, keeps it through the journal (when there is one), then records it and wakes
    /// the steps waiting for it, with the probe it was stored under. False when it was already known in this process.
    /// When keeping fails the message is forgotten again, so reading it once more takes it in.
    /// </summary>
    public async Task<bool> AddAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var email = message.Email;
        string? token;
        lock (_gate)
        {
            if (!_knownIds.Add(email.Id))
            {
                return false;
            }

            token = Attribution(email);
        }

        email = email with { Token = token };
        if (_journal is not null)
        {
            try
            {
                (email, _) = await _journal.KeepAsync(message with { Email = email }, cancellationToken);
            }
            catch
            {
                lock (_gate)
                {
                    _knownIds.Remove(message.Email.Id);
                }

                throw;
            }
        }

        Record(email);
        Arrived?.Invoke();
        return true;
    }

    // In order: a reply to a message a probe sent; the probe's token in a recipient; a waiting step of a probe whose
    // target the sender belongs to, whose rules accept it, within the probe's window. Called under the lock.
    private string? Attribution(ReceivedEmail email) =>
        email.InReplyTo.Select(id => _sentBy.GetValueOrDefault(Normalise(id))).FirstOrDefault(t => t is not null)
            ?? email.Token
            ?? _waiters.FirstOrDefault(w => FromTargetOf(w.Token, email) && w.Match(email))?.Token;

    private void Record(ReceivedEmail email)
    {
        List<Waiter> woken;
        lock (_gate)
        {
            // A step may have begun waiting while the message was being kept: it may still claim a token-less one.
            var token = email.Token ?? _waiters.FirstOrDefault(w => FromTargetOf(w.Token, email) && w.Match(email))?.Token;
            if (token is null)
            {
                _unattributed.Add(email);
                return;
            }

            email = email with { Token = token };
            woken = Attribute(email, token);
        }

        foreach (var waiter in woken)
        {
            waiter.Arrived.TrySetResult(email);
        }
    }

    private List<Waiter> Attribute(ReceivedEmail email, string token)
    {
        if (!_byToken.TryGetValue(token, out var list))
        {
            _byToken[token] = list = [];
        }

        list.Add(email);
        list.Sort((a, b) => a.ReceivedAt.CompareTo(b.ReceivedAt));
        return _waiters.Where(w => w.Token == token && w.Match(email)).ToList();
    }

    private bool FromTargetOf(string token, ReceivedEmail email)
    {
        if (!_probes.TryGetValue(token, out var probe) || email.ReceivedAt < probe.Since)
        {
            return false;
        }

        var at = email.From.LastIndexOf('@');
        var domain = at < 0 ? "" : email.From[(at + 1)..].Trim().TrimEnd('>');
        return domain.Length > 0 && probe.Domains.Any(d =>
            domain.Equals(d, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token)
    {
        lock (_gate)
        {
            return _byToken.TryGetValue(token, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Waits as <see cref="IMailbox.WaitForAsync"/> says; <paramref name="lastLook"/> runs once at the deadline so a message delivered in the final moment is not missed.</summary>
    public async Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, Func<Task>? lastLook, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(token, match);
        lock (_gate)
        {
            if (_byToken.TryGetValue(token, out var list) && list.FirstOrDefault(match) is { } already)
            {
                return already;
            }

            // A token-less message from the probe's target that came before the step began waiting.
            if (_unattributed.FirstOrDefault(e => FromTargetOf(token, e) && match(e)) is { } stray)
            {
                _unattributed.Remove(stray);
                stray = stray with { Token = token };
                Attribute(stray, token);
                return stray;
            }

            _waiters.Add(waiter);
        }

        Waiting?.Invoke();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var done = await Task.WhenAny(waiter.Arrived.Task, Task.Delay(within, _time, timeout.Token));
            await timeout.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (done != waiter.Arrived.Task && lastLook is not null)
            {
                await lastLook();
            }

            return waiter.Arrived.Task.IsCompletedSuccessfully ? await waiter.Arrived.Task : null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken) =>
        WaitForAsync(token, match, within, null, cancellationToken);

    private static string Normalise(string messageId) => messageId.Trim().Trim('<', '>');

    private sealed record Waiter(string Token, Func<ReceivedEmail, bool> Match)
    {
        public TaskCompletionSource<ReceivedEmail> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
