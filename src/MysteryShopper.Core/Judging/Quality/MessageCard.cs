using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging.Quality;

/// <summary>A header as the message carries it: its name in any case, its value unfolded.</summary>
public sealed record MailHeader(string Name, string Value);

/// <summary>
/// A message as the judge reads it, whatever it came from (a received email, a saved <c>.eml</c> file, the store):
/// every header in order, the text and HTML bodies, and the folder it was found in.
/// </summary>
public sealed record Letter
{
    public required string Subject { get; init; }

    /// <summary>The sender's address.</summary>
    public required string From { get; init; }

    /// <summary>The sender's display name, or empty.</summary>
    public string FromName { get; init; } = "";

    public IReadOnlyList<MailHeader> Headers { get; init; } = [];

    /// <summary>The text body; the HTML body's text when the message has only HTML.</summary>
    public string Text { get; init; } = "";

    /// <summary>The HTML body, when there is one.</summary>
    public string? Html { get; init; }

    /// <summary>The folder it was found in (INBOX, Junk…); mail in junk is a finding.</summary>
    public string Folder { get; init; } = "INBOX";

    /// <summary>Every value of the header <paramref name="name"/> (any case), in order.</summary>
    public IEnumerable<string> Header(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? First(string name) => Header(name).FirstOrDefault();
}

/// <summary>What the message is judged against: the question the shopper asked (if any) and who the shopper is.</summary>
public sealed record JudgeContext
{
    /// <summary>The question asked, or null for mail nobody asked for (a welcome, a newsletter).</summary>
    public string? Question { get; init; }

    /// <summary>The terms a full answer covers, with their synonyms.</summary>
    public IReadOnlyList<CoverTerm> MustCover { get; init; } = [];

    /// <summary>The shopper's first name, for greetings ("Hi Sam"); empty when unknown.</summary>
    public string FirstName { get; init; } = "";

    /// <summary>The shopper's full name.</summary>
    public string FullName { get; init; } = "";
}

/// <summary>Who made a message: software for this conversation, a person, or a bulk sender.</summary>
public enum MessageKind
{
    /// <summary>Made by software for this conversation: acknowledgements, autoresponders, out-of-office, receipts, account mail.</summary>
    Auto,

    /// <summary>A person wrote or sent it, canned replies an agent sent and helpdesk replies included.</summary>
    Human,

    /// <summary>Bulk mail to a list: welcomes, opt-in confirmations, newsletters, promotions.</summary>
    Marketing,
}

/// <summary>How far a reply answers the question.</summary>
public enum Answer
{
    /// <summary>Deflected, asked back, or only acknowledged.</summary>
    None,

    /// <summary>Some of the terms addressed.</summary>
    Partial,

    /// <summary>Every must_cover term addressed with concrete information.</summary>
    Full,
}

/// <summary>A probe's experience grade in Net Promoter buckets: 9–10 promoter-grade, 7–8 passive, 0–6 detractor.</summary>
public enum Grade
{
    Detractor,
    Passive,
    Promoter,
}

/// <summary>The Net Promoter buckets of a 0–10 score, one rule for cards, probes and companies.</summary>
public static class Grades
{
    public static Grade Of(double score) => score >= 9 ? Grade.Promoter : score >= 7 ? Grade.Passive : Grade.Detractor;
}

/// <summary>
/// One part of a card: what it found (<see cref="Value"/>, e.g. "human", "partial", "62 (plain English)"), a 0–10
/// sub-score where it has one, and the evidence that decided it: the phrases, headers or numbers a CX lead can check.
/// </summary>
public sealed record CardPart(string Name, string Value, double? Score, IReadOnlyList<string> Evidence);

/// <summary>The part names, as cards, rubrics and <c>--json</c> name them.</summary>
public static class Parts
{
    public const string Kind = "kind";
    public const string Answered = "answered";
    public const string Personal = "personal";
    public const string Placeholder = "placeholder";
    public const string Unsubscribe = "unsubscribe";
    public const string Clear = "clear";
    public const string Tone = "tone";
    public const string Deliverability = "deliverability";
    public const string Links = "links";
    public const string Phrases = "phrases";
}

/// <summary>The explainable quality card of one message: a pure function of the message, the context and the rubric.</summary>
public sealed record MessageCard
{
    public required MessageKind Kind { get; init; }

    /// <summary>Null when nothing was asked, or the mail is marketing.</summary>
    public Answer? Answered { get; init; }

    /// <summary>The reply proposes a next step (a call, a link to book, a trial).</summary>
    public bool NextStep { get; init; }

    public bool Personal { get; init; }

    public bool UnfilledPlaceholder { get; init; }

    /// <summary>RFC 8058 one-click unsubscribe; null when the mail is not marketing.</summary>
    public bool? OneClickUnsubscribe { get; init; }

    /// <summary>The composite, 0–10, weighted by the rubric.</summary>
    public required double Score { get; init; }

    public Grade Grade => Grades.Of(Score);

    public required IReadOnlyList<CardPart> Parts { get; init; }

    /// <summary>The rubric that weighed the parts.</summary>
    public required string Rubric { get; init; }
}
