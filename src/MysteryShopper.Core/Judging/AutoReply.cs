using MysteryShopper.Execution;

namespace MysteryShopper.Judging;

/// <summary>
/// Tells an automatic message (auto-acknowledgement, ticket receipt, bulk mail) from a person's reply, from the
/// headers mail systems set (RFC 3834 Auto-Submitted and its older cousins) and ticket-system subjects.
/// </summary>
public static class AutoReply
{
    /// <summary>Why <paramref name="email"/> looks automatic, or null when it looks like a person wrote it.</summary>
    public static string? Reason(ReceivedEmail email)
    {
        string? Header(string name) => email.Headers.TryGetValue(name, out var value) ? value.Trim() : null;

        if (Header("Auto-Submitted") is { } autoSubmitted && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted}";
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress" })
        {
            if (Header(name) is not null)
            {
                return $"{name} header";
            }
        }

        if (Header("Precedence") is { } precedence && precedence.ToLowerInvariant() is "auto_reply" or "bulk" or "junk" or "list")
        {
            return $"Precedence: {precedence}";
        }

        if (Header("List-Id") is not null || Header("Feedback-ID") is not null)
        {
            return "bulk mail (List-Id/Feedback-ID)";
        }

        if (Header("Return-Path") is "<>")
        {
            return "empty Return-Path";
        }

        return Quality.MessageKinds.TicketSubject().IsMatch(email.Subject) ? $"ticket-system subject \"{email.Subject}\"" : null;
    }

    public static bool IsAutomated(ReceivedEmail email) => Reason(email) is not null;
}
