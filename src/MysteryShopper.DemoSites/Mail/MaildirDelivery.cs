using MimeKit;

namespace MysteryShopper.DemoSites.Mail;

/// <summary>
/// Delivers into a Maildir as the protocol requires: the whole message is written to <c>tmp/</c>
/// and then moved to <c>new/</c>, so a watcher never sees a half-written file.
/// Adds <c>X-Original-To</c> and <c>Delivered-To</c> on top, as a local delivery agent does.
/// </summary>
public sealed class MaildirDelivery : IMailDelivery
{
    private readonly string _tmpDirectory;
    private readonly string _newDirectory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Uses (and creates if missing) the Maildir at <paramref name="maildirPath"/>.</summary>
    public MaildirDelivery(string maildirPath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(maildirPath);
        var root = Path.GetFullPath(maildirPath);
        _tmpDirectory = Path.Combine(root, "tmp");
        _newDirectory = Path.Combine(root, "new");
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_tmpDirectory);
        Directory.CreateDirectory(_newDirectory);
        Directory.CreateDirectory(Path.Combine(root, "cur"));
    }

    /// <inheritdoc />
    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipient = message.To.Mailboxes.FirstOrDefault()?.Address
            ?? throw new ArgumentException("The message has no To mailbox to deliver to.", nameof(message));

        // Inserted at index 0 in reverse, so X-Original-To ends up first, as Postfix writes them.
        message.Headers.RemoveAll("Delivered-To");
        message.Headers.RemoveAll("X-Original-To");
        message.Headers.Insert(0, new Header("Delivered-To", recipient));
        message.Headers.Insert(0, new Header("X-Original-To", recipient));

        var unique = $"{_timeProvider.GetUtcNow().ToUnixTimeSeconds()}.{Guid.NewGuid():N}.mshop-demo";
        var tmpPath = Path.Combine(_tmpDirectory, unique);
        var newPath = Path.Combine(_newDirectory, unique);
        try
        {
            var stream = new FileStream(tmpPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream)
            {
                await message.WriteToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                // Maildir requires the data to be on disk before the rename makes it visible.
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmpPath, newPath);
        }
        catch
        {
            // A failed delivery must not leave a stray file in tmp/.
            TryDelete(tmpPath);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than the leftover file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: keep the original exception.
        }
    }
}
