using System.Globalization;
using MysteryShopper.Cli;
using Serilog;
using Serilog.Events;

var verbose = args.Contains("--verbose");
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
    .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Warning, formatProvider: CultureInfo.InvariantCulture)
    .CreateLogger();
try
{
    return await MshopCommandLine.InvokeAsync(args, Log.Logger, Console.Out, Console.Error, handleSignals: true);
}
finally
{
    await Log.CloseAndFlushAsync();
}
