using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using Serilog;

namespace MysteryShopper.MailBench;

/// <summary>
/// <c>dotnet run -c Release --project bench/MysteryShopper.MailBench -- [--quick] [--seed N]</c>: starts the private mail
/// server, measures detection latency and intake, prints the figures and a table of goals, and stops the server.
/// </summary>
public static class MailBenchCommand
{
    private static readonly TimeSpan SeenGoal = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AfterReadableGoal = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(string[] args, ILogger log, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.FirstOrDefault() == "collect")
        {
            return await CollectAsync(args[1..], log, output, cancellationToken);
        }

        var quick = false;
        var seed = Environment.TickCount;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value):
                    seed = value;
                    i++;
                    break;
                default:
                    await output.WriteLineAsync($"unknown argument '{args[i]}'; usage: MysteryShopper.MailBench [--quick] [--seed N]");
                    return ExitCodes.Usage;
            }
        }

        var messages = quick ? 40 : 200;
        var shape = quick
            ? new IntakeShape(Tokens: 50, PerToken: 4, TokenLess: 10, Duplicates: 10, Span: TimeSpan.FromSeconds(10), Connections: 4)
            : new IntakeShape(Tokens: 250, PerToken: 4, TokenLess: 10, Duplicates: 10, Span: TimeSpan.FromSeconds(50), Connections: 4);
        var random = new Random(seed);
        var machine = await DescribeMachineAsync();
        var loadBefore = Machine.LoadAverage();
        await output.WriteLineAsync($"MysteryShopper mail benchmark{(quick ? " (--quick)" : "")}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, seed {seed}");
        await output.WriteLineAsync($"machine: {machine}; load average {loadBefore}");

        if (await StartServerAsync(output) is not { } server)
        {
            return ExitCodes.Infrastructure;
        }

        await using (server)
        {
            try
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync($"1. Detection latency: {messages} messages, one at a time, each to its own token, while WaitForAsync waits for it");
                var detection = await DetectionLatencyBench.RunAsync(server, messages, random, log, output, cancellationToken);
                await output.WriteLineAsync($"  seen − accepted (t_seen − t0):           {detection.SeenAfterAccepted}");
                await output.WriteLineAsync($"  seen − readable (t_seen − t_readable):   {detection.SeenAfterReadable}");
                await output.WriteLineAsync($"  readable − accepted (server delivery):   {detection.ReadableAfterAccepted}");
                await output.WriteLineAsync($"  ReceivedEmail.SeenAt − accepted (wall):  {detection.SeenAtAfterAccepted}");
                await output.WriteLineAsync($"  reference poller: NOOP + UID SEARCH UID n:* TO token, one round every {Format.Ms(detection.PollerRound)} + 2 ms pause; missed: {detection.Missed}");

                await output.WriteLineAsync();
                await output.WriteLineAsync($"2. Intake: {shape.Tokens} tokens × {shape.PerToken} + {shape.TokenLess} without a token + {shape.Duplicates} duplicates = {shape.Sends} sends over {shape.Span.TotalSeconds:0} s on {shape.Connections} SMTP connections");
                var intake = await IntakeBench.RunAsync(server, shape, random, log, output, cancellationToken);
                await output.WriteLineAsync($"  sending took {Format.Seconds(intake.SendingTook)}; the server holds {intake.ServerMessages} new messages in the INBOX (duplicates included)");
                await output.WriteLineAsync($"  tokens with exactly their {shape.PerToken} messages: {intake.TokensComplete}/{shape.Tokens}; lost {intake.Lost}, doubled {intake.Doubled}, misattributed {intake.Foreign}");
                await output.WriteLineAsync($"  unattributed: {intake.UnattributedFound} (expected {intake.UnattributedExpected}); duplicates counted once: {intake.DuplicatesCountedOnce}/{shape.Duplicates}");
                await output.WriteLineAsync($"  everything in after the last send: {(intake.CompleteAfterLastSend is { } after ? Format.Seconds(after) : "not within the bound")}");
                await output.WriteLineAsync($"  per message, SeenAt − accepted: {intake.SeenAfterAccepted}");

                await output.WriteLineAsync();
                string Met(bool met) => met ? "yes" : "NO";
                var rows = new List<IReadOnlyList<string>>
                {
                    new[] { "detection: seen − accepted, p95", Format.Ms(detection.SeenAfterAccepted.P95), "< 1 s", Met(detection.Missed == 0 && detection.SeenAfterAccepted.P95 < SeenGoal) },
                    new[] { "detection: seen − accepted, p50 / max", $"{Format.Ms(detection.SeenAfterAccepted.Median)} / {Format.Ms(detection.SeenAfterAccepted.Max)}", "", "" },
                    new[] { "detection: seen − readable, p95", Format.Ms(detection.SeenAfterReadable.P95), "< 250 ms", Met(detection.Missed == 0 && detection.SeenAfterReadable.P95 < AfterReadableGoal) },
                    new[] { "detection: seen − readable, p50 / max", $"{Format.Ms(detection.SeenAfterReadable.Median)} / {Format.Ms(detection.SeenAfterReadable.Max)}", "", "" },
                    new[] { "detection: readable − accepted (server), p50 / p95 / max", $"{Format.Ms(detection.ReadableAfterAccepted.Median)} / {Format.Ms(detection.ReadableAfterAccepted.P95)} / {Format.Ms(detection.ReadableAfterAccepted.Max)}", "context", "" },
                    new[] { "detection: messages never seen", $"{detection.Missed}/{messages}", "0", Met(detection.Missed == 0) },
                    new[] { "intake: lost / doubled / misattributed", $"{intake.Lost} / {intake.Doubled} / {intake.Foreign}", "0 / 0 / 0", Met(intake.Lost == 0 && intake.Doubled == 0 && intake.Foreign == 0) },
                    new[] { "intake: tokens with exactly their messages", $"{intake.TokensComplete}/{shape.Tokens}", $"{shape.Tokens}/{shape.Tokens}", Met(intake.TokensComplete == shape.Tokens) },
                    new[] { "intake: unattributed", $"{intake.UnattributedFound}", $"{shape.TokenLess}", Met(intake.UnattributedFound == shape.TokenLess) },
                    new[] { "intake: duplicates counted once", $"{intake.DuplicatesCountedOnce}/{shape.Duplicates}", $"{shape.Duplicates}/{shape.Duplicates}", Met(intake.DuplicatesCountedOnce == shape.Duplicates) },
                    new[] { "intake: everything in after the last send", intake.CompleteAfterLastSend is { } done ? Format.Seconds(done) : "> 60 s", "within 60 s", Met(intake.CompleteAfterLastSend is not null) },
                    new[] { "intake: per message SeenAt − accepted, p50 / p95 / max", $"{Format.Ms(intake.SeenAfterAccepted.Median)} / {Format.Ms(intake.SeenAfterAccepted.P95)} / {Format.Ms(intake.SeenAfterAccepted.Max)}", "context", "" },
                };
                foreach (var line in Format.Table(["figure", "value", "goal", "met?"], rows))
                {
                    await output.WriteLineAsync(line);
                }

                await output.WriteLineAsync($"machine: {machine}; load average {loadBefore} before, {Machine.LoadAverage()} after");
                return detection.Missed == 0 && intake.Intact && intake.CompleteAfterLastSend is not null ? ExitCodes.Measured : ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync("cancelled; stopping the mail server");
                return ExitCodes.Cancelled;
            }
            catch (MailboxUnavailableException e)
            {
                await output.WriteLineAsync($"the mailbox could not be used: {e.Message}");
                return ExitCodes.Infrastructure;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException)
            {
                await output.WriteLineAsync($"the mail server failed during the benchmark: {e.Message}");
                return ExitCodes.Infrastructure;
            }
        }
    }

    /// <summary><c>collect [--old N] [--probes N] [--runs N] [--rounds N] [--profile] [--mshop DLL]</c>: a collect pass over a mailbox with history (<see cref="CollectBench"/>).</summary>
    private static async Task<int> CollectAsync(string[] args, ILogger log, TextWriter output, CancellationToken cancellationToken)
    {
        var shape = new CollectShape(OldMessages: 100_000, Probes: 1_000, Runs: 10, Rounds: 3);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;
            var value = Next();
            switch (args[i])
            {
                case "--mshop" when i + 1 < args.Length:
                    shape = shape with { Mshop = Path.GetFullPath(args[i + 1]) };
                    break;
                case "--old" when value > 0:
                    shape = shape with { OldMessages = value };
                    break;
                case "--probes" when value > 0:
                    shape = shape with { Probes = value };
                    break;
                case "--runs" when value > 0:
                    shape = shape with { Runs = value };
                    break;
                case "--rounds" when value > 0:
                    shape = shape with { Rounds = value };
                    break;
                case "--profile":
                    shape = shape with { Profile = true };
                    continue;
                default:
                    await output.WriteLineAsync($"unknown argument '{args[i]}'; usage: MysteryShopper.MailBench collect [--old N] [--probes N] [--runs N] [--rounds N] [--profile] [--mshop DLL]");
                    return ExitCodes.Usage;
            }

            i++;
        }

        var machine = await DescribeMachineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"MysteryShopper collect benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {shape.OldMessages:N0} old messages, {shape.Probes:N0} awaiting probes in {shape.Runs} runs, {shape.Rounds} round(s)"));
        await output.WriteLineAsync($"machine: {machine}; load average {Machine.LoadAverage()}");
        if (Repository() is not { } repository)
        {
            await output.WriteLineAsync("the repository root (the folder with MysteryShopper.sln) was not found above the program or the current folder");
            return ExitCodes.Infrastructure;
        }

        if (await StartServerAsync(output) is not { } server)
        {
            return ExitCodes.Infrastructure;
        }

        await using (server)
        {
            try
            {
                var exit = await CollectBench.RunAsync(server, shape, repository, log, output, cancellationToken);
                await output.WriteLineAsync($"machine: {machine}; load average {Machine.LoadAverage()} after");
                return exit;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync("cancelled; stopping the mail server");
                return ExitCodes.Cancelled;
            }
        }
    }

    /// <summary>The machine, and Dovecot's and Postfix's versions as their own tools print them.</summary>
    private static async Task<string> DescribeMachineAsync()
    {
        static async Task<string> VersionAsync(string file, params string[] arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var output = process.StandardOutput.ReadToEndAsync();
                await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (await output).Trim();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "?";
            }
        }

        return $"{Machine.Describe()}, Dovecot {await VersionAsync("dovecot", "--version")}, Postfix {await VersionAsync("postconf", "-h", "-d", "mail_version")}";
    }

    /// <summary>The repository root: the folder above this program (or the current folder) that holds MysteryShopper.sln.</summary>
    private static string? Repository()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The private Postfix + Dovecot both benchmarks use, in a folder of its own that is purged when it stops; null (after saying why) when it cannot start.</summary>
    private static async Task<LocalMailServer?> StartServerAsync(TextWriter output)
    {
        // The script allows only [A-Za-z0-9._/@+-] in the folder's path.
        var folder = Path.Combine("/tmp", "mshop-mailbench." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        try
        {
            var server = await LocalMailServer.StartAsync(new LocalMailServerOptions { Folder = folder, PurgeWhenDisposed = true }, CancellationToken.None);
            await output.WriteLineAsync($"mail server: SMTP 127.0.0.1:{server.SmtpPort}, IMAP 127.0.0.1:{server.ImapPort}, folder {server.Folder}");
            return server;
        }
        catch (IOException e)
        {
            await output.WriteLineAsync(e.Message);
            return null;
        }
    }
}
