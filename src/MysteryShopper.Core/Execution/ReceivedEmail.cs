using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Execution;

/// <summary>A link found in an email: its visible text and its target.</summary>
public sealed record EmailLink(string Text, string Url);

/// <summary>An email as the mail bot read it. Plain data: judging needs no mailbox.</summary>
public sealed record ReceivedEmail
{
    /// <summary>The Message-ID, or a hash of the content when the message has none.</summary>
    public required string Id { get; init; }
    public required string From { get; init; }
    public required IReadOnlyList<string> To { get; init; }
    public required string Subject { get; init; }

    /// <summary>The text body, or the text of the HTML body when the message has no text part.</summary>
    public required string Text { get; init; }
    public required IReadOnlyList<EmailLink> Links { get; init; }

    /// <summary>
    /// When the mail server (or Maildir) received it: response times use this. It is the latest time the message can have
    /// arrived: the true arrival lies in [<see cref="ReceivedAt"/> - <see cref="ReceivedAtResolution"/>, <see cref="ReceivedAt"/>].
    /// </summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// How uncertain <see cref="ReceivedAt"/> is, backwards: the message arrived no earlier than ReceivedAt minus this.
    /// Zero for a Maildir file's time; up to a second over IMAP, whose INTERNALDATE counts whole seconds (see <see cref="Bound"/>).
    /// </summary>
    public TimeSpan ReceivedAtResolution { get; init; }

    /// <summary>When the mail bot saw it.</summary>
    public required DateTimeOffset SeenAt { get; init; }

    /// <summary>The token of the probe it belongs to, or null when it matches no probe.</summary>
    public string? Token { get; init; }

    /// <summary>Selected headers that reports show (List-Unsubscribe, Auto-Submitted, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the raw message is kept (a Maildir file, or an IMAP folder and UID).</summary>
    public string? Source { get; init; }

    /// <summary>The folder it was found in; mail that lands in Junk/Spam is a finding.</summary>
    public string Folder { get; init; } = "INBOX";

    /// <summary>The Message-IDs it answers (In-Reply-To, then References).</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    /// <summary>
    /// The quality card's kind (auto, human, marketing; content wins over headers), decided once when the message was
    /// read. Null for an unreadable message, or a reading stored before kinds were kept.
    /// </summary>
    public MessageKind? Kind { get; init; }

    /// <summary>The Reply-To address, where an answer to the message goes; null when it names none (then From).</summary>
    public string? ReplyTo { get; init; }

    /// <summary>What was wrong with the message, when it could not be read in full.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The tightest receive time from a server's stamp that counts whole <paramref name="unit"/>s (IMAP INTERNALDATE:
    /// seconds, cut down) and the moment the bot saw the message. The true arrival t lies in [stamp, stamp + unit) and
    /// t ≤ seenAt, so the result is min(seenAt, stamp + unit) with resolution ReceivedAt − stamp: a mail stamped 12:00:00
    /// and seen at 12:00:00.4 arrived in [12:00:00, 12:00:00.4]. A stamp after seenAt (the server's clock runs ahead)
    /// says nothing the bot can trust: then ReceivedAt = seenAt with zero resolution.
    /// </summary>
    public static (DateTimeOffset ReceivedAt, TimeSpan Resolution) Bound(DateTimeOffset? stamp, TimeSpan unit, DateTimeOffset seenAt)
    {
        if (stamp is not { } from || from > seenAt)
        {
            return (seenAt, TimeSpan.Zero);
        }

        var latest = from + unit < seenAt ? from + unit : seenAt;
        return (latest, latest - from);
    }
}
