using MimeKit;

namespace MysteryShopper.DemoSites.Mail;

/// <summary>Hands a finished email to a mailbox: <see cref="MaildirDelivery"/> or <see cref="SmtpDelivery"/>.</summary>
public interface IMailDelivery
{
    /// <summary>Delivers <paramref name="message"/> to its recipient.</summary>
    Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}
