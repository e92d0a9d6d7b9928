namespace MysteryShopper.Execution;

/// <summary>The usual names of a mailbox's junk folder: the IMAP mailbox watches one by them, and mail found in one is a finding.</summary>
public static class JunkFolders
{
    public static readonly IReadOnlyList<string> Names = ["Junk", "Spam", "Junk E-mail", "Junk Email", "Bulk Mail"];

    /// <summary>Whether <paramref name="folder"/> (a name or a full path such as <c>INBOX.Junk</c>) is a junk folder.</summary>
    public static bool Is(string folder)
    {
        var name = folder.Trim();
        return Names.Any(junk => name.EndsWith(junk, StringComparison.OrdinalIgnoreCase));
    }
}
