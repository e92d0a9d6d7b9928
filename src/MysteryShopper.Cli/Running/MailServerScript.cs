using System.Security.Cryptography;

namespace MysteryShopper.Cli.Running;

/// <summary>tools/mailserver.sh as built into mshop, for an installed mshop with no repository beside it.</summary>
public static class MailServerScript
{
    /// <summary>The script's bytes, exactly as tools/mailserver.sh was when mshop was built.</summary>
    public static byte[] Embedded()
    {
        using var stream = typeof(MailServerScript).Assembly.GetManifestResourceStream("tools/mailserver.sh")
            ?? throw new InvalidOperationException("tools/mailserver.sh is not embedded in mshop; the build is broken");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Writes the embedded script into <paramref name="folder"/> (by default mshop's folder in the user's local data,
    /// ~/.local/share/mshop) as <c>mailserver-HASH.sh</c>, mode 0755, and returns its path; a copy already there with
    /// the same bytes is reused, so each build writes its own script once.
    /// </summary>
    public static string Extract(string? folder = null)
    {
        var bytes = Embedded();
        folder ??= DefaultFolder();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"mailserver-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]}.sh");
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return path;
        }

        // Written beside it and moved into place: a second mshop starting at the same moment never runs half a script.
        var partial = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".partial";
        File.WriteAllBytes(partial, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    // The user's own folder, not a shared /tmp where another user could have put a file of the same name first.
    private static string DefaultFolder() =>
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data
            ? Path.Combine(data, "mshop")
            : Directory.CreateTempSubdirectory("mshop-").FullName;
}
