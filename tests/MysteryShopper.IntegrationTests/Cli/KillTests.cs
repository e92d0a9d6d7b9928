using System.Diagnostics;
using System.Globalization;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// The durable-run promise under SIGKILL: a real `mshop run` child is killed (with its browser) at random points of a
/// journey that submits a form, sends an email and awaits replies; `mshop collect` then finishes what can be finished.
/// Nothing is submitted twice, every delivered message is stored once, and no probe is left planned or running.
/// </summary>
[NonParallelizable]
public class KillTests
{
    // 20 h × 0.00005 = 3.6 s: Corvid's person answers after the run has parked, and before a few collects have passed.
    private const double TimeScale = 0.00005;
    private const int Seed = 20261201;

    /// <summary>
    /// How many kills: MSHOP_KILL_COUNT, 20 by default (CI). Each costs one run and a few collects, about 6–10 s on a
    /// 2-core machine; set it lower for a quick local check.
    /// </summary>
    private static int KillCount =>
        int.TryParse(Environment.GetEnvironmentVariable("MSHOP_KILL_COUNT"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;

    private static readonly string Journey = """
        name: ask-and-mail
        targets: [corvid]
        persona: default
        journey:
          - goto: "{target.url}/contact"
          - fill: { label: "Name", value: "{persona.name}" }
          - fill: { label: "Email", value: "{probe.email}" }
          - fill: { label: "Message", value: "Do you offer an annual plan, and what discount would 20 seats get?" }
          - mark: asked
          - click: { role: button, name: "Send", submit: true }
          - expect_text: "Thank you"
          - send_email: { to: support, subject: "Annual plan for 20 seats", body: "Hello, is there an annual plan for 20 seats?", as: mailed }
          - expect_email: { as: ack, within: 10m, kind: auto }
          - expect_email: { as: answer, within: 2d, kind: human }
        measure:
          first_reply: answer.received - asked
        """;

    [Test]
    public async Task Run_KilledAtRandomPoints_CollectRecoversEveryProbeWithoutRepeatingASubmission()
    {
        var workspace = DurableWorkspace.Create("kill", new Dictionary<string, string> { ["ask.yaml"] = Journey });
        await using var serve = await DurableWorkspace.ServeAsync(workspace, TimeScale);
        string[] run = ["run", ".", "--wait", "2s", "--parallel", "1", "--trace", "off", "--screenshots", "failures"];
        var test = Stopwatch.GetTimestamp();

        // Two runs left alone: the journey passes when nothing goes wrong, and how long a warm run takes here (the
        // first one starts cold), which is the span the kill points are spread over.
        var span = TimeSpan.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var calibration = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, run);
            Assert.That(calibration.ExitCode, Is.EqualTo(0), calibration.Transcript + "\n--- the served demo ---\n" + serve.Transcript);
            Assert.That(calibration.Output, Does.Contain("awaiting replies"), "the run parks on the answer:\n" + calibration.Transcript);
            span = calibration.Elapsed < span ? calibration.Elapsed : span;
            await DurableWorkspace.CollectUntilSettledAsync(workspace, TimeSpan.FromSeconds(30));
        }

        Assert.That(StoreRows.Probes(workspace).Select(p => p.State), Is.All.EqualTo("passed"));

        var random = new Random(Seed);
        TestContext.Progress.WriteLine($"kill test: seed {Seed}, {KillCount} kills spread over {span.TotalSeconds:0.0} s (the faster of two unkilled runs; shorter when a later run ends sooner)");
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        var recovered = 0;
        var missed = 0;
        var failures = new List<string>();
        for (var i = 0; i < KillCount; i++)
        {
            var delay = span * random.NextDouble();
            var before = StoreRows.RunIds(workspace).ToHashSet(StringComparer.Ordinal);
            await using var child = MshopChild.Start(workspace, run);
            var exit = child.WaitForExitAsync(DurableWorkspace.RunPatience);
            var exited = await Task.WhenAny(exit, Task.Delay(delay)) == exit || child.HasExited;
            if (exited)
            {
                // Runs get faster once everything is warm: the points that follow are spread over the faster run.
                missed++;
                span = child.Elapsed < span ? child.Elapsed : span;
            }
            else
            {
                await child.KillTreeAsync();
            }

            var passes = await DurableWorkspace.CollectUntilSettledAsync(workspace, TimeSpan.FromSeconds(20));
            var runs = StoreRows.RunIds(workspace).Where(id => !before.Contains(id)).ToList();
            var probes = StoreRows.Probes(workspace).Where(p => runs.Contains(p.RunId)).ToList();
            var problems = Problems(workspace, serve, probes);
            var outcome = probes.Count == 0 ? "not stored" : string.Join("+", probes.Select(p => p.State));
            tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
            TestContext.Progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  kill {i + 1}: at {delay.TotalSeconds:0.00} s{(exited ? " (the run had ended)" : "")} → {outcome}{Reasons(probes)}; {passes.Count} collect(s){(problems.Count > 0 ? "; " + string.Join("; ", problems) : "")}"));
            if (problems.Count == 0)
            {
                recovered++;
            }
            else
            {
                failures.Add($"kill {i + 1} at {delay.TotalSeconds:0.00} s: {string.Join("; ", problems)}\n{child.Transcript}\n{passes[^1].Transcript}");
            }
        }

        // The answers still on their way land, a last collect stores them: every delivered message is stored once.
        await Task.Delay(TimeSpan.FromHours(20) * TimeScale + TimeSpan.FromSeconds(1));
        await DurableWorkspace.CollectUntilSettledAsync(workspace, TimeSpan.FromSeconds(10));
        failures.AddRange(MailProblems(workspace));

        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"kill test: {recovered} of {KillCount} kills recovered ({string.Join(", ", tally.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value}"))}); {missed} landed after the run had ended; seed {Seed}; {Stopwatch.GetElapsedTime(test).TotalSeconds:0} s");
        TestContext.Progress.WriteLine(line);
        TestContext.Out.WriteLine(line);
        Assert.That(failures, Is.Empty, line + "\n--- the served demo ---\n" + serve.Transcript);
    }

    /// <summary>What is wrong with a killed run's probes after collect: empty when it recovered.</summary>
    private static List<string> Problems(string workspace, MshopChild serve, IReadOnlyList<ProbeRow> probes)
    {
        var problems = new List<string>();
        var sent = StoreRows.Sent(workspace);
        var observations = StoreRows.Observations(workspace);
        foreach (var probe in probes)
        {
            if (probe.State is "planned" or "running" or "awaiting")
            {
                problems.Add($"{probe.Token} left {probe.State}");
            }
            else if (probe.State != "passed" && string.IsNullOrWhiteSpace(probe.Reason))
            {
                problems.Add($"{probe.Token} is {probe.State} with no reason");
            }

            var submitted = DurableWorkspace.ContactSubmissions(serve, probe.Email);
            if (submitted > 1 || (probe.State == "passed" && submitted != 1))
            {
                problems.Add($"{probe.Token} ({probe.State}) submitted the contact form {submitted} times by the served demo's log");
            }

            var mailed = sent.Count(s => s.Token == probe.Token);
            var outbox = OutboxFiles(workspace, probe);
            if (mailed > 1 || outbox > 1)
            {
                problems.Add($"{probe.Token} sent its email {mailed} times (stored), {outbox} (outbox)");
            }

            var doubled = observations
                .Where(o => o.Token == probe.Token && IsKind(o.Kind, "EmailReceived"))
                .GroupBy(o => o.Name ?? o.Detail)
                .Where(g => g.Count() > 1)
                .Select(g => g.Key)
                .ToList();
            if (doubled.Count > 0)
            {
                problems.Add($"{probe.Token} observed {string.Join(", ", doubled)} more than once");
            }
        }

        return problems;
    }

    /// <summary>Every message file in the Maildir is in the store once, under its Message-ID, read from that file.</summary>
    private static List<string> MailProblems(string workspace)
    {
        var problems = new List<string>();
        var maildir = DurableWorkspace.Maildir(workspace);
        var files = StoreRows.MaildirMessageIds(maildir);
        var stored = StoreRows.Messages(workspace);
        foreach (var (file, id) in files)
        {
            var rows = stored.Where(m => m.Key == id).ToList();
            if (rows.Count != 1)
            {
                problems.Add($"message {id} ({file}) is stored {rows.Count} times");
            }
        }

        var fromMaildir = stored.Where(m => m.Mailbox.Contains(maildir, StringComparison.Ordinal)).ToList();
        if (fromMaildir.Count != files.Count)
        {
            problems.Add($"{files.Count} message files in {maildir}, {fromMaildir.Count} stored from it");
        }

        foreach (var twice in fromMaildir.GroupBy(m => m.Source).Where(g => g.Count() > 1))
        {
            problems.Add($"the file {twice.Key} is stored {twice.Count()} times");
        }

        TestContext.Progress.WriteLine($"kill test: {files.Count} delivered messages, {stored.Count} stored, {stored.Count(m => m.Token is not null)} attributed to a probe");
        return problems;
    }

    private static int OutboxFiles(string workspace, ProbeRow probe)
    {
        var outbox = Path.Combine(workspace, "reports", probe.RunId, "outbox");
        return Directory.Exists(outbox) ? Directory.GetFiles(outbox).Count(f => File.ReadAllText(f).Contains(probe.Token, StringComparison.Ordinal)) : 0;
    }

    private static string Reasons(IReadOnlyList<ProbeRow> probes) =>
        string.Concat(probes.Where(p => p.Reason is not null).Select(p => $" ({(p.Reason!.Length > 90 ? p.Reason[..90] + "…" : p.Reason)})"));

    private static bool IsKind(string stored, string kind) =>
        string.Equals(stored.Replace("_", "", StringComparison.Ordinal), kind, StringComparison.OrdinalIgnoreCase);
}
