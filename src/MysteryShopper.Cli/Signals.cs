using System.Runtime.InteropServices;

namespace MysteryShopper.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM cancel the command's token instead of killing the process, so a run stops cleanly:
/// what finished is stored and reported, waits stay awaiting. A second signal ends the process at once.
/// </summary>
public sealed class Signals : IDisposable
{
    private static int s_exitCode = ExitCodes.Cancelled;
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public Signals(CancellationTokenSource stop)
    {
        _stop = stop;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>The exit code for a stopped command: 130 after Ctrl-C, 143 after SIGTERM.</summary>
    public static int ExitCode => s_exitCode;

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            // The second signal: the user means it.
            return;
        }

        context.Cancel = true;
        s_exitCode = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;
        Console.Error.WriteLine(context.Signal == PosixSignal.SIGTERM
            ? "mshop: SIGTERM: stopping cleanly; what is done is kept"
            : "mshop: Ctrl-C: stopping cleanly; what is done is kept (press Ctrl-C again to quit at once)");
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
