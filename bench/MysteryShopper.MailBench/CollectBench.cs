using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MysteryShopper.MailBench;

/// <summary>How big the collect benchmark's mailbox and store are.</summary>
public sealed record CollectShape(int OldMessages, int Probes, int Runs, int Rounds)
{
    /// <summary>Count and time the store's calls in each pass (<see cref="StoreCalls"/>).</summary>
    public bool Profile { get; init; }

    /// <summary>The mshop.dll whose <c>collect</c> is timed (default: the solution's Release build), e.g. the launcher's ReadyToRun build in .mshop/bin.</summary>
    public string? Mshop { get; init; }
}

/// <summary>
/// <c>collect</c>: one <c>mshop collect</c> pass over a real IMAP mailbox that holds a long history, with many probes
/// awaiting a person's answer. The awaiting probes are copies of one real probe: the overnight example
/// (docs/examples/overnight) run once against the demo company Corvid with a short wait, which parks it at the step
/// that waits two days for the answer. Each copy gets its own token, its own copy of the acknowledgement it already
/// got (raw MIME and all) and everything else the real probe stored. The old messages are written into Dovecot's
/// Maildir before the stored mailbox position is set to the folder's UIDNEXT, as for a user whose mailbox has history;
/// a trap among them is addressed to the probes' tokens, so a pass that read them would show. Then one answer per
/// probe is delivered into the Maildir, and the pass is timed as <c>CollectCommand</c> makes it: open the store, open
/// the mailbox from its stored position, <see cref="Collector.PassAsync"/>, close.
/// </summary>
public static class CollectBench
{
    private static readonly TimeSpan PassGoal = TimeSpan.FromSeconds(5);
    private const string Inbox = "INBOX";
    private const string TrapSubject = "OLD trap";

    public static async Task<int> RunAsync(LocalMailServer server, CollectShape shape, string repository, ILogger log, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var scratch = Path.Combine(Path.GetTempPath(), "mshop-collectbench-" + Planner.NewToken()[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            // 1. One real awaiting probe.
            var watch = Stopwatch.StartNew();
            var template = await Template.RunAsync(repository, Path.Combine(scratch, "template"), log, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"template: {template.Probe.ProbeId} awaits at step {template.Checkpoint.ResumeStep + 1} until {template.Probe.Deadline:yyyy-MM-dd HH:mm} UTC; {template.Observations.Count} observations, {template.Submissions.Count} submission(s), {template.Messages.Count} message(s) ({template.Messages.Sum(m => m.Raw.Length)} bytes raw), {template.Artifacts.Count} artifact(s) ({Format.Seconds(watch.Elapsed)})"));

            var tokens = Enumerable.Range(0, shape.Probes).Select(_ => Planner.NewToken()).ToList();

            // 2. The mailbox's history, straight into Dovecot's Maildir, then indexed by Dovecot.
            watch.Restart();
            var written = await OldMail.WriteAsync(server, shape.OldMessages, tokens, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"old mail: {shape.OldMessages:N0} messages ({written / (1 << 20):N0} MiB) written into the Maildir in {Format.Seconds(watch.Elapsed)}, {Math.Min(tokens.Count, shape.OldMessages / 100)} of them a trap addressed to the probes' tokens"));
            watch.Restart();
            var positions = await PositionsAsync(server, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Dovecot indexed them in {Format.Seconds(watch.Elapsed)}: {string.Join(", ", positions.Select(p => $"{p.Folder} {p.Count:N0} messages, UIDVALIDITY {p.UidValidity}, UIDNEXT {p.UidNext}"))}; the stored position of each folder is its UIDNEXT"));

            // 3. One answer per probe, after the position: delivered as Dovecot's LDA would, a file in new/, then the
            // folder is opened so Dovecot gives them their UIDs (over SMTP, Postfix's LMTP delivery into a Maildir of
            // 100,000 messages took 0.2 s a message on this machine: minutes of setup, not part of a pass).
            watch.Restart();
            await OldMail.DeliverAsync(server, [.. tokens.Select(t => Answer(t, template.Probe.FirstName))], cancellationToken);
            var inboxNow = (await PositionsAsync(server, cancellationToken)).Single(p => p.Folder == Inbox).Count;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"new mail: {tokens.Count:N0} answers, one to each probe's token, delivered into the Maildir's new/ and given UIDs in {Format.Seconds(watch.Elapsed)}; the INBOX holds {inboxNow:N0}"));

            // 4. Rounds: fresh stores of awaiting probes each time, the same mailbox. First `mshop collect` itself, a new
            // process per pass as a user runs it (the judged figure: it includes starting .NET and compiling the code);
            // then the same pass inside this process, where the phases can be timed.
            var mshop = shape.Mshop ?? Path.Combine(repository, "src", "MysteryShopper.Cli", "bin", "Release", "net10.0", "mshop.dll");
            await output.WriteLineAsync($"mshop collect runs as: dotnet {mshop}");
            var rounds = new List<CollectRound>();
            for (var number = 1; number <= shape.Rounds; number++)
            {
                var cliFolder = Path.Combine(scratch, $"round-{number}-cli");
                var cliStore = Path.Combine(cliFolder, Workspace.StateFolder, "store.db");
                await Clones.MakeAsync(cliStore, cliFolder, template, tokens, shape.Runs, server, positions, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(cliFolder, "mshop.yaml"), string.Create(CultureInfo.InvariantCulture,
                    $"mailbox:\n  imap:\n    host: {server.ImapOptions().Host}\n    port: {server.ImapOptions().Port}\n    security: none\n    user: {server.ImapUser}\n    password: \"${{env:MSHOP_BENCH_IMAP_PASSWORD}}\"\n"), cancellationToken);
                var loadCli = Machine.LoadAverage();
                var cliFirst = await CliPassAsync(mshop, cliFolder, server.Password, cancellationToken);
                var cliSecond = await CliPassAsync(mshop, cliFolder, server.Password, cancellationToken);
                var cliCheck = await CheckAsync(cliStore, tokens, server, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"round {number}, mshop collect (load {loadCli} → {Machine.LoadAverage()}): pass 1 {Format.Seconds(cliFirst.Wall)} ({cliFirst.Said}), pass 2 {Format.Seconds(cliSecond.Wall)} ({cliSecond.Said}); {cliCheck}"));

                var folder = Path.Combine(scratch, $"round-{number}");
                var storePath = Path.Combine(folder, Workspace.StateFolder, "store.db");
                watch.Restart();
                await Clones.MakeAsync(storePath, folder, template, tokens, shape.Runs, server, positions, cancellationToken);
                var setup = watch.Elapsed;
                var load = Machine.LoadAverage();
                var first = await PassAsync(storePath, server, shape.Profile, log, time, cancellationToken);
                var second = await PassAsync(storePath, server, shape.Profile, log, time, cancellationToken);
                var check = await CheckAsync(storePath, tokens, server, cancellationToken);
                var round = new CollectRound(number, setup, first, second, check, load, Machine.LoadAverage()) { Cli = cliFirst, CliSecond = cliSecond, CliCheck = cliCheck };
                rounds.Add(round);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"round {number}, in this process (load {round.LoadBefore} → {round.LoadAfter}; {shape.Probes:N0} awaiting probes in {shape.Runs} runs stored in {Format.Seconds(setup)}):"));
                await output.WriteLineAsync($"  pass 1: {first}");
                await output.WriteLineAsync($"  pass 2: {second}");
                await output.WriteLineAsync($"  {check}");
            }

            var best = rounds.MinBy(r => r.First.Total)!;
            var medianFirst = Median(rounds.Select(r => r.First.Total));
            var bestCli = rounds.Min(r => r.Cli!.Wall);
            var medianCli = Median(rounds.Select(r => r.Cli!.Wall));
            var intact = rounds.All(r => r.Check.Intact && r.CliCheck!.Intact);
            await output.WriteLineAsync();
            string Met(bool met) => met ? "yes" : "NO";
            var rows = new List<IReadOnlyList<string>>
            {
                new[] { $"mshop collect (a new process) with {shape.Probes:N0} answers, best / median of {rounds.Count}", $"{Format.Seconds(bestCli)} / {Format.Seconds(medianCli)}", "< 5 s", Met(bestCli < PassGoal) },
                new[] { "mshop collect, the next pass (nothing new), best", Format.Seconds(rounds.Min(r => r.CliSecond!.Wall)), "", "" },
                new[] { $"the same pass inside a warm process, best / median of {rounds.Count}", $"{Format.Seconds(best.First.Total)} / {Format.Seconds(medianFirst)}", "(context)", "" },
                new[] { "  CPU time of the collecting process in that pass", Format.Seconds(best.First.Cpu), "", "" },
                new[] { "  of which: open store, open mailbox", $"{Format.Ms(best.First.OpenStore)}, {Format.Ms(best.First.OpenMailbox)}", "", "" },
                new[] { "  of which: read the new mail (to its last message stored)", Format.Ms(best.First.Mail), "", "" },
                new[] { "  of which: resume, judge and store the probes", Format.Ms(best.First.Probes), "", "" },
                new[] { "  of which: render the runs' reports again", Format.Ms(best.First.Reports), "", "" },
                new[] { "the next pass (nothing new), best", Format.Seconds(rounds.Min(r => r.Second.Total)), "", "" },
                new[] { "probes decided / still awaiting (each store)", string.Join("; ", rounds.SelectMany(r => new[] { r.CliCheck!, r.Check }).Select(c => $"{c.Decided} / {c.Awaiting}")), $"{shape.Probes} / 0", Met(rounds.SelectMany(r => new[] { r.CliCheck!, r.Check }).All(c => c.Decided == shape.Probes && c.Awaiting == 0)) },
                new[] { "answers lost / misattributed / unattributed", string.Join("; ", rounds.SelectMany(r => new[] { r.CliCheck!, r.Check }).Select(c => $"{c.Lost} / {c.Misattributed} / {c.Unattributed}")), "0 / 0 / 0", Met(intact) },
                new[] { "old messages read", string.Join("; ", rounds.SelectMany(r => new[] { r.CliCheck!, r.Check }).Select(c => c.OldRead.ToString(CultureInfo.InvariantCulture))), "0", Met(rounds.SelectMany(r => new[] { r.CliCheck!, r.Check }).All(c => c.OldRead == 0)) },
            };
            foreach (var line in Format.Table(["figure", "value", "goal", "met?"], rows))
            {
                await output.WriteLineAsync(line);
            }

            return intact ? ExitCodes.Measured : ExitCodes.Failed;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One pass as <c>mshop collect</c> makes it, timed; phases from the log events' times.</summary>
    private static async Task<PassTiming> PassAsync(string storePath, LocalMailServer server, bool profile, ILogger log, TimeProvider time, CancellationToken cancellationToken)
    {
        var marks = new Marks(time);
        using var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(marks).WriteTo.Logger(log).CreateLogger();
        var settings = new RunSettings { Imap = server.Imap };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = time.GetTimestamp();
        CollectResult result;
        TimeSpan openStore, openMailbox, passed;
        StoreCalls? calls = null;
        await using (var sqlite = await SqliteStore.OpenAsync(storePath, cancellationToken))
        {
            openStore = time.GetElapsedTime(start);
            IStore store = sqlite;
            if (profile)
            {
                (store, calls) = StoreCalls.Wrap(sqlite);
            }

            await using var mailbox = await CliRunParts.System.OpenMailboxAsync(settings, Path.Combine(Path.GetDirectoryName(storePath)!, "mail"), new StoreMailJournal(store), logger, cancellationToken);
            openMailbox = time.GetElapsedTime(start) - openStore;
            await using var collector = new Collector(store, mailbox, CliRunParts.System, settings, time, logger);
            marks.Begin();
            result = await collector.PassAsync(cancellationToken);
            passed = time.GetElapsedTime(start);
        }

        var total = time.GetElapsedTime(start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var states = string.Join(", ", result.Decided.OrderBy(d => d.Key).Select(d => $"{d.Value} {d.Key.Word()}"));
        return new PassTiming(total, cpu, openStore, openMailbox, marks.Mail, marks.Probes, marks.Reports(passed - openStore - openMailbox), result.Decided.Values.Sum(), states, result.Awaiting, marks.MailCount)
        {
            Store = calls is null ? null : string.Create(CultureInfo.InvariantCulture, $"{calls.Count} store calls, {calls.Total.TotalMilliseconds:0} ms: {calls}"),
        };
    }

    /// <summary>What the store holds after the passes: every answer under exactly its probe, nothing from before the position.</summary>
    private static async Task<CollectCheck> CheckAsync(string storePath, List<string> tokens, LocalMailServer server, CancellationToken cancellationToken)
    {
        await using var store = await SqliteStore.OpenAsync(storePath, cancellationToken);
        var imapKey = ImapMailbox.MailboxKey(server.ImapOptions(), Inbox);
        int lost = 0, misattributed = 0, decided = 0, awaiting = 0;
        foreach (var token in tokens)
        {
            var probe = await store.FindProbeAsync(token, cancellationToken);
            if (probe?.State == ProbeState.Awaiting)
            {
                awaiting++;
            }
            else if (probe?.State.IsFinal() == true)
            {
                decided++;
            }

            var answers = (await store.MessagesOfProbeAsync(token, cancellationToken)).Where(m => m.Mailbox == imapKey).ToList();
            if (!answers.Any(m => m.Key == AnswerId(token)))
            {
                lost++;
            }

            misattributed += answers.Count(m => m.Key != AnswerId(token));
            var named = ProbeCheckpoint.FromJson(probe?.CheckpointJson)?.Named.GetValueOrDefault("answer");
            if (named is not null && named != AnswerId(token))
            {
                misattributed++;
            }
        }

        var unattributed = (await store.UnattributedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken)).Count;
        var fromImap = await store.MessageSourcesAsync(imapKey, cancellationToken);
        // Only the answers may have been read: anything else from the INBOX is old mail.
        var oldRead = fromImap.Count - (tokens.Count - lost);
        return new CollectCheck(decided, awaiting, lost, misattributed, unattributed, oldRead);
    }

    private static string AnswerId(string token) => $"answer-{token}@corvid.example";

    private static async Task<IReadOnlyList<FolderPosition>> PositionsAsync(LocalMailServer server, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { Timeout = 600_000 };
        await client.ConnectAsync(server.ImapOptions().Host, server.ImapOptions().Port, server.ImapOptions().SocketOptions, cancellationToken);
        await client.AuthenticateAsync(server.ImapUser, server.Password, cancellationToken);
        var positions = new List<FolderPosition>();
        foreach (var folder in new[] { client.Inbox, client.GetFolder(SpecialFolder.Junk) ?? await client.GetFolderAsync("Junk", cancellationToken) })
        {
            // SELECT makes Dovecot sync the Maildir: every new file gets its UID here, before the position is taken.
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            positions.Add(new FolderPosition(folder.FullName, folder.UidValidity, folder.UidNext?.Id ?? 1, folder.Count));
            await folder.CloseAsync(false, cancellationToken);
        }

        await client.DisconnectAsync(true, cancellationToken);
        return positions;
    }

    /// <summary>A person's answer from Corvid, as in the overnight example: covers the question, names the shopper.</summary>
    private static MimeMessage Answer(string token, string firstName)
    {
        var message = new MimeMessage { Subject = "Re: Your question about our plans", MessageId = AnswerId(token), Date = DateTimeOffset.UtcNow };
        message.From.Add(new MailboxAddress("Dana Reyes", "dana.reyes@corvid.example"));
        message.To.Add(MailboxAddress.Parse($"shopper+{token}@inbox.mshop.test"));
        message.Body = new TextPart("plain")
        {
            Text = $"Hi {firstName},\n\nthanks for asking. Yes, we offer an annual plan: paid yearly it saves two months. For 20 seats we can add a volume discount of 15 %, so 20 seats on the annual plan come to about 3,400 EUR a year.\n\nHappy to set up a call if that helps.\n\nBest regards,\nDana Reyes\nCorvid & Co, Sales\n",
        };
        return message;
    }

    private sealed record FolderPosition(string Folder, uint UidValidity, uint UidNext, int Count);

    private sealed record PassTiming(TimeSpan Total, TimeSpan Cpu, TimeSpan OpenStore, TimeSpan OpenMailbox, TimeSpan Mail, TimeSpan Probes, TimeSpan Reports, int Decided, string States, int Awaiting, int MessagesRead)
    {
        /// <summary>With --profile: the store's calls in this pass.</summary>
        public string? Store { get; init; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Format.Seconds(Total)} in all (CPU of this process {Format.Seconds(Cpu)}): open store {Format.Ms(OpenStore)}, open mailbox {Format.Ms(OpenMailbox)}, mail {Format.Ms(Mail)} ({MessagesRead} messages), probes {Format.Ms(Probes)}, reports {Format.Ms(Reports)}; decided {Decided} ({States}), awaiting {Awaiting}")
            + (Store is null ? "" : $"\n    {Store}");
    }

    private sealed record CollectCheck(int Decided, int Awaiting, int Lost, int Misattributed, int Unattributed, int OldRead)
    {
        public bool Intact => Lost == 0 && Misattributed == 0 && Unattributed == 0 && OldRead == 0;

        public override string ToString() =>
            $"after: {Decided} decided, {Awaiting} awaiting; answers lost {Lost}, misattributed {Misattributed}, unattributed {Unattributed}; old messages read {OldRead}";
    }

    private sealed record CollectRound(int Number, TimeSpan Setup, PassTiming First, PassTiming Second, CollectCheck Check, string LoadBefore, string LoadAfter)
    {
        public CliPass? Cli { get; init; }
        public CliPass? CliSecond { get; init; }
        public CollectCheck? CliCheck { get; init; }
    }

    /// <summary>One <c>mshop collect</c> process: its wall time from start to exit, and what it said.</summary>
    private sealed record CliPass(TimeSpan Wall, string Said);

    private static async Task<CliPass> CliPassAsync(string mshop, string workspace, string password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workspace, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(mshop);
        start.ArgumentList.Add("collect");
        start.Environment["MSHOP_BENCH_IMAP_PASSWORD"] = password;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {mshop}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var wall = watch.Elapsed;
        var said = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("Collected:", StringComparison.Ordinal));
        return said is not null
            ? new CliPass(wall, $"exit {process.ExitCode}: {said}")
            : throw new InvalidOperationException($"mshop collect exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    /// <summary>
    /// Log events as phase marks: the pass begins; the last message taken in ("Mail … for …"); the first probe resumed
    /// and the last one settled; reports written.
    /// </summary>
    private sealed class Marks(TimeProvider time) : ILogEventSink
    {
        private readonly Lock _gate = new();
        private long _begin;
        private long _lastMail;
        private long _firstProbe;
        private long _lastProbe;
        private int _mail;

        public int MailCount => _mail;

        public TimeSpan Mail => _lastMail == 0 ? TimeSpan.Zero : time.GetElapsedTime(_begin, _lastMail);

        public TimeSpan Probes => _firstProbe == 0 ? TimeSpan.Zero : time.GetElapsedTime(_lastMail == 0 ? _begin : _lastMail, _lastProbe);

        public TimeSpan Reports(TimeSpan pass) => _lastProbe == 0 ? TimeSpan.Zero : pass - time.GetElapsedTime(_begin, _lastProbe);

        public void Begin() => _begin = time.GetTimestamp();

        public void Emit(LogEvent logEvent)
        {
            var now = time.GetTimestamp();
            var text = logEvent.MessageTemplate.Text;
            lock (_gate)
            {
                if (text.StartsWith("Mail {Subject}", StringComparison.Ordinal))
                {
                    _mail++;
                    _lastMail = now;
                }
                else if (text.StartsWith("Probe {Probe}", StringComparison.Ordinal))
                {
                    _firstProbe = _firstProbe == 0 ? now : _firstProbe;
                    _lastProbe = now;
                }
            }
        }
    }

    /// <summary>The real probe every awaiting probe copies.</summary>
    private sealed record Template(
        StoredRun Run,
        StoredProbe Probe,
        ProbeCheckpoint Checkpoint,
        IReadOnlyList<Observation> Observations,
        IReadOnlyList<Submission> Submissions,
        IReadOnlyList<StoredMessage> Messages,
        IReadOnlyList<Artifact> Artifacts,
        Probe Planned)
    {
        private static readonly string[] ExampleFiles = ["targets.yaml", "personas.yaml", "presales-overnight.yaml"];

        /// <summary>The overnight example against Corvid with a 10 s wait: the acknowledgement comes, the answer is a day away.</summary>
        public static async Task<Template> RunAsync(string repository, string workspace, ILogger log, CancellationToken cancellationToken)
        {
            var example = Path.Combine(repository, "docs", "examples", "overnight");
            var sources = ExampleFiles
                .Select(name => new SourceFile(Path.Combine(example, name), File.ReadAllText(Path.Combine(example, name))))
                .ToList();
            var loaded = SuiteLoader.Load(sources);
            var suite = loaded.Suite ?? throw new InvalidOperationException("the overnight example does not load:\n" + string.Join("\n", loaded.Diagnostics));
            var settings = new RunSettings
            {
                OutputRoot = Path.Combine(workspace, "reports"),
                WorkspaceFolder = workspace,
                UseServedDemo = false,
                DemoTimeScale = 0.05,
                Wait = TimeSpan.FromSeconds(10),
                Filter = new PlanFilter(["corvid"], []),
            };
            var outcome = await RunPipeline.RunAsync(suite, sources, settings, CliRunParts.System, log, TimeProvider.System, cancellationToken);
            await using var store = await SqliteStore.OpenAsync(new Workspace(workspace).StorePath(settings), cancellationToken);
            var run = await store.FindRunAsync("last", cancellationToken) ?? throw new InvalidOperationException("the template run is not in its store");
            var probes = await store.ProbesOfRunAsync(run.Id, cancellationToken);
            var probe = probes.FirstOrDefault(p => p.State == ProbeState.Awaiting)
                ?? throw new InvalidOperationException($"the template probe did not park awaiting the answer: {string.Join("; ", probes.Select(p => $"{p.ProbeId} {p.State.Word()} {p.StateReason}"))} ({outcome.Directory})");
            var checkpoint = ProbeCheckpoint.FromJson(probe.CheckpointJson)!;
            var planned = Collector.Replan(suite, probe) ?? throw new InvalidOperationException("the template probe does not replan");
            return new Template(
                run,
                probe,
                checkpoint,
                await store.ObservationsAsync(probe.Token, cancellationToken),
                await store.SubmissionsAsync(probe.Token, cancellationToken),
                await store.MessagesOfProbeAsync(probe.Token, cancellationToken),
                await store.ArtifactsAsync(probe.Token, cancellationToken),
                planned);
        }
    }

    /// <summary>Copies of the template probe, each under its own token, in a fresh store.</summary>
    private static class Clones
    {
        public static async Task MakeAsync(
            string storePath, string workspace, Template template, List<string> tokens, int runs, LocalMailServer server, IReadOnlyList<FolderPosition> positions, CancellationToken cancellationToken)
        {
            await using var store = await SqliteStore.OpenAsync(storePath, cancellationToken);
            foreach (var position in positions)
            {
                await store.SetMailboxPositionAsync(new MailboxPosition(ImapMailbox.MailboxKey(server.ImapOptions(), position.Folder), position.UidValidity, position.UidNext, DateTimeOffset.UtcNow), cancellationToken);
            }

            var perRun = (tokens.Count + runs - 1) / runs;
            var old = template.Probe.Token;
            foreach (var (chunk, index) in tokens.Chunk(perRun).Select((c, i) => (c, i)))
            {
                var runId = $"{template.Run.Id}-{index + 1:00}";
                var directory = Path.Combine(workspace, "reports", runId);
                Directory.CreateDirectory(directory);
                await store.CreateRunAsync(template.Run with { Id = runId, Directory = directory, Workspace = workspace }, cancellationToken);
                var stored = chunk.Select((token, i) => template.Probe with
                {
                    Token = token,
                    RunId = runId,
                    Ordinal = i,
                    Email = template.Probe.Email.Replace(old, token, StringComparison.Ordinal),
                    State = ProbeState.Planned,
                    CheckpointJson = null,
                    StorageState = null,
                    StartedAt = null,
                    Deadline = null,
                    Owner = null,
                }).ToDictionary(p => p.Token, StringComparer.Ordinal);
                await store.ReserveProbesAsync(
                    DateTimeOffset.MaxValue,
                    _ => [.. chunk.Select(token => new PlannedProbe(template.Planned with { Token = token, Email = stored[token].Email }, null))],
                    planned => stored[planned.Probe.Token],
                    cancellationToken);
                foreach (var token in chunk)
                {
                    await CopyAsync(store, template, token, cancellationToken);
                }
            }
        }

        private static async Task CopyAsync(SqliteStore store, Template template, string token, CancellationToken cancellationToken)
        {
            var old = template.Probe.Token;
            string Swap(string text)
            {
                text = text.Replace(old, token, StringComparison.Ordinal);
                foreach (var message in template.Messages)
                {
                    text = text.Replace(message.Key, $"{token}.{message.Key}", StringComparison.Ordinal);
                }

                return text;
            }

            string? SwapOrNull(string? text) => text is null ? null : Swap(text);
            await store.AppendObservationsAsync(token, [.. template.Observations.Select(o => o with { Detail = SwapOrNull(o.Detail) })], cancellationToken);
            foreach (var submission in template.Submissions)
            {
                await store.BeginSubmissionAsync(token, submission.Step, submission.Description, submission.StartedAt, cancellationToken);
                if (submission.FinishedAt is { } finished)
                {
                    await store.EndSubmissionAsync(token, submission.Step, finished, cancellationToken);
                }
            }

            foreach (var message in template.Messages)
            {
                await store.AddMessageAsync(
                    message with
                    {
                        Key = Swap(message.Key),
                        Source = Swap(message.Source),
                        Token = token,
                        EmailJson = Swap(message.EmailJson),
                        Raw = Encoding.Latin1.GetBytes(Swap(Encoding.Latin1.GetString(message.Raw))),
                    },
                    cancellationToken);
            }

            foreach (var artifact in template.Artifacts)
            {
                await store.AddArtifactAsync(token, artifact.Kind, Swap(artifact.Path), cancellationToken);
            }

            await store.UpdateProbeAsync(
                new ProbeUpdate(token)
                {
                    State = ProbeState.Awaiting,
                    StateReason = template.Probe.StateReason,
                    StartedAt = template.Probe.StartedAt,
                    Deadline = template.Probe.Deadline,
                    CheckpointJson = SwapOrNull(template.Probe.CheckpointJson),
                    StorageState = SwapOrNull(template.Probe.StorageState),
                },
                cancellationToken);
        }
    }

    /// <summary>The mailbox's history: plain Maildir files, dated over the past year, owned by the mail user.</summary>
    private static class OldMail
    {
        private static readonly string[] Subfolders = ["cur", "new", "tmp"];

        public static async Task<long> WriteAsync(LocalMailServer server, int count, List<string> tokens, CancellationToken cancellationToken)
        {
            var maildir = Path.Combine(server.Folder, "mail", "inbox.mshop.test", "shopper");
            foreach (var sub in Subfolders)
            {
                Directory.CreateDirectory(Path.Combine(maildir, sub));
            }

            var random = new Random(20261201);
            var newest = DateTimeOffset.UtcNow.AddDays(-2);
            var traps = Math.Min(tokens.Count, count / 100);
            long bytes = 0;
            var filler = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"Line {i} of an old newsletter, kept for the length of a typical message body."));
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var date = newest.AddMinutes(-(count - i) * 5.0);
                var trap = i % 100 == 0 && i / 100 < traps;
                var to = trap ? $"shopper+{tokens[i / 100]}@inbox.mshop.test"
                    : i % 3 == 0 ? "shopper@inbox.mshop.test"
                    : $"shopper+{Planner.NewToken()}@inbox.mshop.test";
                var from = (i % 3) switch { 0 => "news@brightwave.example", 1 => "support@corvid.example", _ => "hello@dunmore.example" };
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"Return-Path: <{from}>\nDate: {date:ddd, dd MMM yyyy HH:mm:ss} +0000\nFrom: {from}\nTo: {to}\nSubject: {(trap ? TrapSubject : $"Old message {i}")}\nMessage-ID: <old-{i}-{random.Next():x8}@mshop.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{filler}\n");
                var content = Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));
                var path = Path.Combine(maildir, "cur", string.Create(CultureInfo.InvariantCulture, $"{date.ToUnixTimeSeconds()}.M{i}P1.mshop-bench,S={content.Length}:2,S"));
                await File.WriteAllBytesAsync(path, content, cancellationToken);
                File.SetLastWriteTimeUtc(path, date.UtcDateTime);
                bytes += content.Length;
            }

            await ChownAsync(maildir, cancellationToken);
            return bytes;
        }

        /// <summary>New mail as a local delivery agent leaves it: each message a file in new/, owned by the mail user.</summary>
        public static async Task DeliverAsync(LocalMailServer server, IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
        {
            var maildir = Path.Combine(server.Folder, "mail", "inbox.mshop.test", "shopper");
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var i = 0; i < messages.Count; i++)
            {
                var temporary = Path.Combine(maildir, "tmp", string.Create(CultureInfo.InvariantCulture, $"{now}.N{i}P1.mshop-bench"));
                await using (var file = File.Create(temporary))
                {
                    await messages[i].WriteToAsync(FormatOptions.Default, file, cancellationToken);
                }

                File.Move(temporary, Path.Combine(maildir, "new", Path.GetFileName(temporary)));
            }

            await ChownAsync(maildir, cancellationToken);
        }

        // Dovecot runs as the mail user and must own what it indexes.
        private static async Task ChownAsync(string maildir, CancellationToken cancellationToken)
        {
            using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "mail:mail", maildir]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("could not run chown");
            await chown.WaitForExitAsync(cancellationToken);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown -R mail:mail {maildir} exited with {chown.ExitCode}");
            }
        }
    }
}
