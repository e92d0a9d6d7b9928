using MimeKit;
using MimeKit.Utils;
using MysteryShopper.Execution;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// The embedded sender: each message is written as a MIME file into a pickup folder (tmp/ then new/, like a Maildir),
/// for a mail server or a person to pick up. Nothing leaves the machine.
/// </summary>
public sealed class PickupSender(string folder, TimeProvider time) : IMailSender
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<SentEmail> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = Build(email, now);
        var name = $"{now.ToUnixTimeSeconds()}.{Guid.NewGuid():N}.mshop.eml";
        var temporary = Path.Combine(Folder, "tmp", name);
        try
        {
            Directory.CreateDirectory(Path.Combine(Folder, "tmp"));
            Directory.CreateDirectory(Path.Combine(Folder, "new"));
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(Folder, "new", name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new MailSendException($"the message to {email.To} could not be written to the pickup folder {Folder}: {e.Message}", e);
        }

        return new SentEmail(message.MessageId ?? "", now);
    }

    /// <summary>The pickup folder exists (or can be made) and takes a file.</summary>
    public Task CheckAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(Folder, "tmp", $".mshop-check-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(Folder, "tmp"));
            Directory.CreateDirectory(Path.Combine(Folder, "new"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SenderUnavailableException($"the pickup folder {Folder} cannot be written: {e.Message}; check sender.pickup in mshop.yaml, or give it a folder mshop may write", e);
        }
    }

    /// <summary>The MIME message for an outgoing email: text and, when given, HTML alternatives.</summary>
    public static MimeMessage Build(OutgoingEmail email, DateTimeOffset date)
    {
        var domain = email.From[(email.From.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var message = new MimeMessage
        {
            MessageId = MimeUtils.GenerateMessageId(domain),
            Date = date,
            Subject = email.Subject,
        };
        message.From.Add(new MailboxAddress(email.FromName, email.From));
        message.To.Add(MailboxAddress.Parse(email.To));

        // A reply threads: mail clients and ticket systems match it to the conversation by these (RFC 5322 3.6.4).
        if (email.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
        }

        foreach (var reference in email.References)
        {
            message.References.Add(reference);
        }

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        message.Body = body.ToMessageBody();
        return message;
    }
}
