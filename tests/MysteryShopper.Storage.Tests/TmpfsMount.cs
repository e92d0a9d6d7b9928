using System.Diagnostics;

namespace MysteryShopper.Storage.Tests;

/// <summary>
/// A tiny tmpfs of its own for a test that needs a full or read-only disk (as root, chmod stops nothing).
/// <see cref="Mount"/> ignores the test, with the reason, when the process cannot mount.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public static TmpfsMount Mount(string size)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("mounting a tmpfs needs root on Linux");
        }

        var path = Directory.CreateTempSubdirectory("mshop-tmpfs-").FullName;
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            Assert.Ignore($"cannot mount a tmpfs here: {error}");
        }

        return new TmpfsMount(path);
    }

    public void Remount(string options)
    {
        var (code, error) = Run("mount", "-o", $"remount,{options}", Path);
        Assert.That(code, Is.Zero, $"remount {options}: {error}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
