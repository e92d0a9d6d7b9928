using MysteryShopper.Bots.Browser;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Pipeline;
using MysteryShopper.Storage;

namespace MysteryShopper.Cli.Running;

/// <summary>The failures that mean a part the run needs is not there (exit code 3), each as the one line a user reads.</summary>
public static class Infrastructure
{
    /// <summary>The message for an infrastructure failure, or null when <paramref name="e"/> is not one.</summary>
    public static string? Explain(Exception e) => e switch
    {
        MailboxUnavailableException or SenderUnavailableException => $"{e.Message} ('mshop doctor' checks every part a run uses)",
        BrowserUnavailableException or StoreException or RunFolderException => e.Message,
        IOException or UnauthorizedAccessException => e.Message,
        _ => null,
    };
}
