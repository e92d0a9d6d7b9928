using MysteryShopper.Execution;
using MysteryShopper.Redaction;

namespace MysteryShopper.Storage;

/// <summary>
/// The mailboxes' <see cref="IMailJournal"/> over the store: every message is stored (raw MIME and reading) before the
/// mailbox's position moves past it, once however many processes read the same mailbox, and its attribution is the
/// one whoever stored it first decided. A message is stored with the secrets of the run it belongs to masked
/// (<see cref="RedactingStore.Message"/>): a reply may quote what a probe typed.
/// </summary>
public sealed class StoreMailJournal(IStore store, RunSecrets? secrets = null) : IMailJournal
{
    private readonly RunSecrets _secrets = secrets ?? new RunSecrets(store);

    public Task<MailboxPosition?> PositionAsync(string mailbox, CancellationToken cancellationToken) =>
        store.MailboxPositionAsync(mailbox, cancellationToken);

    public Task SetPositionAsync(MailboxPosition position, CancellationToken cancellationToken) =>
        store.SetMailboxPositionAsync(position, cancellationToken);

    public Task<IReadOnlySet<string>> KeptSourcesAsync(string mailbox, CancellationToken cancellationToken) =>
        store.MessageSourcesAsync(mailbox, cancellationToken);

    public async Task<(ReceivedEmail Email, bool IsNew)> KeepAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var email = message.Email;
        var redactor = await _secrets.OfMessageAsync(email.Token, cancellationToken);
        var added = await store.AddMessageAsync(
            RedactingStore.Message(new StoredMessage
            {
                Key = email.Id,
                Mailbox = message.Mailbox,
                Source = message.Source,
                Token = email.Token,
                ReceivedAt = email.ReceivedAt,
                SeenAt = email.SeenAt,
                EmailJson = StoreJson.Email(email),
                Raw = message.Raw,
            }, redactor),
            cancellationToken);
        if (added.IsNew)
        {
            // Kept under the probe only when the store knows it (a token of another workspace stays unattributed).
            return (email with { Token = added.Stored.Token }, true);
        }

        // Stored before, by this process or another: its attribution stands, unless nobody had claimed it yet.
        var token = added.Stored.Token;
        if (token is null && email.Token is not null && await store.AttributeMessageAsync(email.Id, email.Token, cancellationToken))
        {
            token = email.Token;
        }

        return (email with { Token = token }, false);
    }
}
