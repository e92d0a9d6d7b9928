using MysteryShopper.Cli;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>Runs the mshop command line in-process, capturing what it prints.</summary>
public static class MshopProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MshopCommandLine.InvokeAsync(args, Logger.None, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
