using MysteryShopper.Execution;
using MysteryShopper.Storage;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>
/// An <see cref="IMailJournal"/> in memory, standing in for the store: positions per mailbox, and each message kept
/// once by its Message-ID (the first keeper's attribution wins), with a count of every keep asked for.
/// </summary>
public sealed class FakeMailJournal : IMailJournal
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MailboxPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncomingMessage> _kept = new(StringComparer.Ordinal);
    private readonly List<IncomingMessage> _asked = [];

    /// <summary>The messages kept, in the order they were first kept.</summary>
    public IReadOnlyList<IncomingMessage> Kept
    {
        get
        {
            lock (_gate)
            {
                return [.. _kept.Values];
            }
        }
    }

    /// <summary>Every keep asked for, the repeated ones included.</summary>
    public IReadOnlyList<IncomingMessage> Asked
    {
        get
        {
            lock (_gate)
            {
                return [.. _asked];
            }
        }
    }

    public MailboxPosition? Position(string mailbox)
    {
        lock (_gate)
        {
            return _positions.GetValueOrDefault(mailbox);
        }
    }

    public Task<MailboxPosition?> PositionAsync(string mailbox, CancellationToken cancellationToken) => Task.FromResult(Position(mailbox));

    public Task SetPositionAsync(MailboxPosition position, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _positions[position.Mailbox] = position;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> KeptSourcesAsync(string mailbox, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<string>>(_kept.Values.Where(m => m.Mailbox == mailbox).Select(m => m.Source).ToHashSet(StringComparer.Ordinal));
        }
    }

    public Task<(ReceivedEmail Email, bool IsNew)> KeepAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _asked.Add(message);
            if (_kept.TryGetValue(message.Email.Id, out var stored))
            {
                return Task.FromResult((stored.Email, false));
            }

            _kept[message.Email.Id] = message;
            return Task.FromResult((message.Email, true));
        }
    }
}
