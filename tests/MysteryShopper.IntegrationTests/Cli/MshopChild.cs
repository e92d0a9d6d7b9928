using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// A real `dotnet mshop.dll …` child process, as users start it: its own current folder, its output collected,
/// signalled with kill(1) or killed with its whole tree (the browser and its driver too) when a test is done with it.
/// </summary>
public sealed class MshopChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly long _started = Stopwatch.GetTimestamp();

    private MshopChild(Process process, string[] args)
    {
        _process = process;
        Args = string.Join(" ", args);
    }

    public int Pid => _process.Id;

    public string Args { get; }

    public bool HasExited => _process.HasExited;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>What it wrote to standard output.</summary>
    public string Output => Read(_output);

    /// <summary>What it wrote to standard error.</summary>
    public string Error => Read(_error);

    /// <summary>Both streams and the command line, for an assertion message.</summary>
    public string Transcript => $"$ mshop {Args}\n{Output}\n--- stderr ---\n{Error}";

    public static MshopChild Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts mshop with <paramref name="environment"/> added to this process's variables (e.g. GitHub Actions').</summary>
    public static MshopChild Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var mshop = Path.Combine(TestContext.CurrentContext.TestDirectory, "mshop.dll");
        var start = new ProcessStartInfo("dotnet", [mshop, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new MshopChild(process, args);
        process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs one command to its end (failing the test after <paramref name="patience"/>).</summary>
    public static async Task<MshopChild> RunAsync(string workingDirectory, TimeSpan patience, params string[] args)
    {
        var child = Start(workingDirectory, args);
        await child.WaitForExitAsync(patience);
        return child;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end; its exit code. Kills it and fails the test after <paramref name="patience"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillTreeAsync();
            Assert.Fail($"mshop {Args} did not end within {patience.TotalSeconds} s:\n{Transcript}");
        }

        // The asynchronous readers finish after the exit; this waits for them.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test if the process ends first or time runs out.</summary>
    public async Task WaitForAsync(Func<bool> condition, TimeSpan patience, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (_process.HasExited)
            {
                Assert.Fail($"waiting for {what}: mshop {Args} ended with {_process.ExitCode}:\n{Transcript}");
            }

            if (Stopwatch.GetElapsedTime(started) > patience)
            {
                Assert.Fail($"gave up waiting {patience.TotalSeconds} s for {what}:\n{Transcript}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal with kill(1): TERM, INT, KILL.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL to the process and everything it started (browser, Playwright driver): a crash, or a power cut for the run.</summary>
    public async Task KillTreeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had ended already.
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillTreeAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
