using System.CommandLine;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop collect</c> (one pass) and <c>mshop watch</c> (long-running): complete the probes earlier runs left
/// awaiting or that a killed process left open, from the workspace's store and mailbox.
/// </summary>
public static class CollectCommand
{
    public static Command Create(ILogger log, TextWriter output, TextWriter error)
    {
        var retry = RetryOption();
        var command = new Command("collect", "One pass: read new mail, complete awaiting probes, time out overdue ones, render their runs' reports again") { retry };
        command.SetAction((parse, cancellationToken) => WithCollectorAsync(log, error, parse.GetValue(retry), async (collector, _, _) =>
        {
            var result = await collector.PassAsync(cancellationToken);
            await WriteAsync(result, output);
            return result.AnyFailed ? ExitCodes.ExpectationFailed : ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command CreateWatch(ILogger log, TextWriter output, TextWriter error)
    {
        var retry = RetryOption();
        var every = new Option<string?>("--every") { HelpName = "DURATION", Description = "How often to look again when no deadline is nearer (default 30s); new mail is read as it comes" };
        var command = new Command("watch", "Keep collecting: mail as it arrives (IMAP IDLE or the Maildir watch), deadlines as they pass; Ctrl-C or SIGTERM stops cleanly") { retry, every };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var interval = TimeSpan.FromSeconds(30);
            if (parse.GetValue(every) is { } text && (!Duration.TryParse(text, out interval) || interval <= TimeSpan.Zero))
            {
                await error.WriteLineAsync($"mshop: --every must be a duration such as 30s or 5m, not '{text}'");
                return ExitCodes.InvalidInput;
            }

            return await WithCollectorAsync(log, error, parse.GetValue(retry), async (collector, store, mailbox) =>
            {
                await output.WriteLineAsync($"Watching {store.Location}: Ctrl-C or SIGTERM stops; a later watch or collect goes on from here.");

                // New mail (IDLE, the Maildir watch) ends the wait between passes at once.
                using var arrived = new SemaphoreSlim(0);
                void Wake() => arrived.Release();
                mailbox.Arrived += Wake;
                try
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var result = await collector.PassAsync(cancellationToken);
                        if (result.Decided.Count > 0)
                        {
                            await WriteAsync(result, output);
                        }

                        var now = TimeProvider.System.GetUtcNow();
                        var wait = result.NextDeadline is { } next && next - now < interval ? next - now + TimeSpan.FromMilliseconds(50) : interval;
                        await arrived.WaitAsync(wait < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : wait, cancellationToken);
                        while (arrived.CurrentCount > 0)
                        {
                            // Several messages at once make one pass.
                            await arrived.WaitAsync(cancellationToken);
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl-C or SIGTERM between passes: nothing is half-done.
                }
                finally
                {
                    mailbox.Arrived -= Wake;
                }

                await output.WriteLineAsync("Stopped watching; mailbox positions and probes are stored, 'mshop watch' or 'mshop collect' goes on from here.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Option<bool> RetryOption() => new("--retry-unknown")
    {
        Description = "Walk probes again whose submission may or may not have gone out (state unknown): they may submit twice",
    };

    private static async Task<int> WithCollectorAsync(ILogger log, TextWriter error, bool retryUnknown, Func<Collector, IStore, IRunMailbox, Task<int>> work, CancellationToken cancellationToken)
    {
        var (workspace, settings) = await StoreCommands.WorkspaceSettingsAsync(error, cancellationToken);
        settings = settings with { RetryUnknown = retryUnknown };
        if (await ServedDemo.FindAsync(workspace.Folder, log, cancellationToken) is { } served)
        {
            // The demo companies deliver where they deliver: collect reads their mail.
            settings = served.Over(settings, log);
        }

        var parts = CliRunParts.System;
        try
        {
            await using var store = await parts.OpenStoreAsync(workspace.StorePath(settings), cancellationToken);

            // Each run's secrets, from its stored suite: mail is kept, and probes go on, with their own run's masked.
            var secrets = new RunSecrets(store);
            var mailLog = RedactingSink.Over(log, await secrets.OfOpenRunsAsync(cancellationToken));
            await using var mailbox = await parts.OpenMailboxAsync(settings, workspace.Maildir(settings), new StoreMailJournal(store, secrets), mailLog, cancellationToken);
            await using var collector = new Collector(store, mailbox, parts, settings, TimeProvider.System, log, secrets);
            return await work(collector, store, mailbox);
        }
        catch (Exception e) when (Infrastructure.Explain(e) is { } message)
        {
            await error.WriteLineAsync($"mshop: {message}");
            return ExitCodes.InfrastructureUnavailable;
        }
    }

    private static async Task WriteAsync(CollectResult result, TextWriter output)
    {
        var decided = result.Decided.Count == 0 ? "no probe decided" : string.Join(", ", result.Decided.OrderBy(d => d.Key).Select(d => $"{d.Value} {d.Key.Word()}"));
        var awaiting = result.Awaiting == 0 ? "none awaiting"
            : $"{result.Awaiting} awaiting" + (result.NextDeadline is { } next ? $" (next deadline {next.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)" : "");
        await output.WriteLineAsync($"Collected: {decided}; {awaiting}.");
        foreach (var run in result.Runs)
        {
            await output.WriteLineAsync($"  reports again in {Path.GetRelativePath(Environment.CurrentDirectory, run)}");
        }
    }
}
