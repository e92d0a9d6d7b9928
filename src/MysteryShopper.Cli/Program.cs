using System.Globalization;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;
using Serilog;
using Serilog.Events;

var verbose = args.Contains("--verbose");
const string template = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

// Through LiveLogSink, so that while `mshop run` shows its live progress the log lines go above it, not through it.
await using var console = new LoggerConfiguration()
    .MinimumLevel.Verbose()
    .WriteTo.Console(outputTemplate: template, standardErrorFromLevel: LogEventLevel.Warning, formatProvider: CultureInfo.InvariantCulture)
    .CreateLogger();
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
    .WriteTo.Sink(new LiveLogSink(console, template))
    .CreateLogger();
try
{
    return await MshopCommandLine.InvokeAsync(args, Log.Logger, Console.Out, Console.Error, handleSignals: true);
}
finally
{
    await Log.CloseAndFlushAsync();
}
