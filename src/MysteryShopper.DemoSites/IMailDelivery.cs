using MimeKit;

namespace MysteryShopper.DemoSites;

/// <summary>Hands a finished email to a mailbox (Maildir today; SMTP could be added later).</summary>
public interface IMailDelivery
{
    /// <summary>Delivers <paramref name="message"/> to its recipient.</summary>
    Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}
