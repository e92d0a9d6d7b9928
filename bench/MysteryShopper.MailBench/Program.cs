using MysteryShopper.MailBench;
using Serilog;
using Serilog.Events;

// Warnings and errors only (a reconnect, a folder no longer watched), on stderr so the figures stay clean.
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Warning()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture, standardErrorFromLevel: LogEventLevel.Verbose)
    .CreateLogger();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await MailBenchCommand.RunAsync(args, Log.Logger, Console.Out, cancellation.Token);
}
finally
{
    await Log.CloseAndFlushAsync();
}
