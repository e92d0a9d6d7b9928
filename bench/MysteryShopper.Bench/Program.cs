using MysteryShopper.Bench;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await BenchCommand.RunAsync(args, Console.Out, cancellation.Token);
