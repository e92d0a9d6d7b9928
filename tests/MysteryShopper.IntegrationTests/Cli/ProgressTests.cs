using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Spectre.Console.Testing;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>The console's progress: the board it counts on, the live table, and log lines kept clear of it.</summary>
[NonParallelizable]
public sealed class ProgressTests
{
    private static ProbeProgress Probe(string target, string name, ProgressState state, string scenario = "signup") =>
        new($"{scenario}/{target}", scenario, target, name, state);

    [Test]
    public void Board_StateChanges_CountedPerCompanyWithTheElapsedTime()
    {
        var time = new FakeTimeProvider();
        var board = new ProgressBoard(time);
        board.Apply(Probe("brightwave", "Brightwave", ProgressState.Planned));
        board.Apply(Probe("corvid", "Corvid & Co", ProgressState.Planned));
        board.Apply(Probe("brightwave", "Brightwave", ProgressState.Planned, "contact"));
        board.Apply(Probe("dunmore", "Dunmore Direct", ProgressState.Skipped) with { Reason = "1 probe a day" });
        board.Apply(Probe("brightwave", "Brightwave", ProgressState.Running));
        time.Advance(TimeSpan.FromSeconds(12));
        var total = board.Apply(Probe("brightwave", "Brightwave", ProgressState.Passed));
        board.Apply(Probe("corvid", "Corvid & Co", ProgressState.Awaiting));

        Assert.That(board.Line(Probe("brightwave", "Brightwave", ProgressState.Passed), total), Is.EqualTo("[00:12] Brightwave · signup: passed (1/3 done)"));
        Assert.That(board.Companies(), Is.EqualTo(new[]
        {
            new CompanyProgress("Brightwave", 1, 0, 0, 1, 0, 0, 0),
            new CompanyProgress("Corvid & Co", 0, 0, 1, 0, 0, 0, 0),
            new CompanyProgress("Dunmore Direct", 0, 0, 0, 0, 0, 0, 1),
        }));
        Assert.That(board.Line(Probe("dunmore", "Dunmore Direct", ProgressState.Skipped) with { Reason = "1 probe a day" }, board.Total()),
            Is.EqualTo("[00:12] Dunmore Direct · signup: skipped: 1 probe a day (1/3 done, 1 awaiting)"));
    }

    [Test]
    public void PlainProgress_PlannedProbes_NoLineUntilTheyChange()
    {
        using var output = new StringWriter();
        var progress = new PlainProgress(output, new FakeTimeProvider());

        progress.Report(Probe("brightwave", "Brightwave", ProgressState.Planned));
        progress.Report(Probe("brightwave", "Brightwave", ProgressState.Running));

        Assert.That(output.ToString(), Is.EqualTo("[00:00] Brightwave · signup: running (0/1 done)" + Environment.NewLine));
    }

    [Test]
    public async Task LiveProgress_LogLinesWhileItRuns_PrintedThroughTheDisplayNotAroundIt()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 100;
        var direct = new Recording();
        var sink = new LiveLogSink(direct, "{Level:u3} {Message:lj}{NewLine}");
        using var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        var time = new FakeTimeProvider();

        await using (var live = LiveProgress.Start(console, time))
        using (LiveLogSink.Divert(console))
        {
            live.Report(Probe("brightwave", "Brightwave", ProgressState.Planned));
            live.Report(Probe("corvid", "Corvid & Co", ProgressState.Planned));
            live.Report(Probe("brightwave", "Brightwave", ProgressState.Running));
            log.Warning("Probe {Probe} skipped: {Reason}", "signup/dunmore", "1 a day");
            time.Advance(TimeSpan.FromSeconds(75));
            live.Report(Probe("brightwave", "Brightwave", ProgressState.Failed));
        }

        log.Information("after the display");
        Assert.That(direct.Lines, Is.EqualTo(new[] { "after the display" }), "only what came after the display went to the plain console");
        var text = console.Output;
        Assert.That(text, Does.Contain("WRN Probe signup/dunmore skipped: 1 a day"));
        Assert.That(text, Does.Contain("mshop run · 01:15"));
        Assert.That(text.Split('\n').Last(l => l.Contains("Brightwave", StringComparison.Ordinal)), Does.Match(@"Brightwave\s*│\s*1/1\s*│\s*0\s*│\s*0\s*│\s*1\s*│\s*0"));
        Assert.That(text.Split('\n').Last(l => l.Contains("all", StringComparison.Ordinal)), Does.Match(@"all\s*│\s*1/2\s*│"));
    }

    /// <summary>A console sink that keeps the messages it is given, to see which lines bypassed the live display.</summary>
    private sealed class Recording : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent) => Lines.Add(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
