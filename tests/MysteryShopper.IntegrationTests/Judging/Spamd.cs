using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MysteryShopper.IntegrationTests.Judging;

/// <summary>
/// Debian's real SpamAssassin daemon, started privately on 127.0.0.1 and a free port with its own pid and log files
/// (network tests off: the rules run locally), and stopped by its PID.
/// </summary>
public sealed class Spamd : IAsyncDisposable
{
    private readonly string _folder;

    private Spamd(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Spamd> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("mshop-spamd-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // spamd's children run as nobody and write their helper files here.
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }

        var port = FreePort();
        string[] arguments =
        [
            $"--listen=127.0.0.1:{port}", $"--pidfile={folder}/spamd.pid", "--nouser-config", $"--helper-home-dir={folder}",
            "--max-children=1", $"--syslog={folder}/spamd.log", "--local", "--daemonize",
            .. Environment.UserName == "root" ? new[] { "--username=nobody" } : [],
        ];
        using (var start = Process.Start(new ProcessStartInfo("/usr/sbin/spamd", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            await start.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var spamd = new Spamd(folder, port);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return spamd;
            }
            catch (SocketException)
            {
                // Still loading its rules.
            }
        }

        var log = File.Exists($"{folder}/spamd.log") ? await File.ReadAllTextAsync($"{folder}/spamd.log") : "(no log)";
        await spamd.DisposeAsync();
        throw new InvalidOperationException($"spamd did not start on 127.0.0.1:{port}:\n{log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists($"{_folder}/spamd.pid") && int.TryParse(await File.ReadAllTextAsync($"{_folder}/spamd.pid"), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
