using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MysteryShopper.Reporting.JUnit;

/// <summary>
/// <c>junit.xml</c> for CI: a <c>testsuite</c> per scenario, a <c>testcase</c> per probe (name = target id,
/// classname = scenario), and a <c>failure</c> carrying the journey's failure and every unmet expectation.
/// </summary>
public sealed class JUnitReportWriter : FileReportWriter
{
    public const string DefaultFileName = "junit.xml";

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) };
        await using var writer = XmlWriter.Create(stream, settings);
        await Render(run).SaveAsync(writer, cancellationToken);
    }

    /// <summary>The document.</summary>
    public static XDocument Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var suites = run.Probes
            .GroupBy(p => p.Record.Scenario, StringComparer.Ordinal)
            .Select(g => Suite(g.Key, g.ToList()))
            .ToList();
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", Clean($"MysteryShopper run {run.RunId}")),
                new XAttribute("tests", run.Probes.Count),
                new XAttribute("failures", run.Probes.Count(p => !p.Verdict.Passed && !p.IsAwaiting)),
                new XAttribute("errors", 0),
                new XAttribute("time", Seconds(run.FinishedAt - run.StartedAt)),
                new XAttribute("timestamp", run.StartedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                suites));
    }

    private static XElement Suite(string scenario, List<ProbeResult> probes)
    {
        var started = probes.Min(p => p.Record.StartedAt);
        var finished = probes.Max(p => p.Record.FinishedAt);
        return new XElement("testsuite",
            new XAttribute("name", Clean(scenario)),
            new XAttribute("tests", probes.Count),
            new XAttribute("failures", probes.Count(p => !p.Verdict.Passed && !p.IsAwaiting)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(finished - started)),
            new XAttribute("timestamp", started.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("file", Clean(probes[0].Record.ScenarioFile)),
            probes.Select(Case));
    }

    private static XElement Case(ProbeResult probe)
    {
        var record = probe.Record;
        var testcase = new XElement("testcase",
            new XAttribute("name", Clean(record.TargetId)),
            new XAttribute("classname", Clean(record.Scenario)),
            new XAttribute("time", Seconds(record.FinishedAt - record.StartedAt)));
        if (record.Failure is { } failure)
        {
            testcase.Add(new XAttribute("file", Clean(failure.File)), new XAttribute("line", failure.Line));
        }

        // The cards' scores as properties (as pytest's record_property writes them), so CI can chart them.
        var properties = probe.Verdict.Cards
            .Select(c => (Name: $"card.{c.As ?? c.Id}.score", Value: c.Card.Score))
            .Concat(probe.Verdict.Experience is { } experience ? [("experience.score", experience.Score)] : [])
            .Select(p => new XElement("property", new XAttribute("name", Clean(p.Name)), new XAttribute("value", p.Value.ToString("0.0", CultureInfo.InvariantCulture))))
            .ToList();
        if (properties.Count > 0)
        {
            testcase.Add(new XElement("properties", properties));
        }

        if (probe.IsAwaiting)
        {
            // Not decided yet: neither a pass nor a failure for CI.
            testcase.Add(new XElement("skipped", new XAttribute("message", Clean(probe.AwaitingText))));
        }
        else if (!probe.Verdict.Passed)
        {
            var reasons = Comparison.FailureReasons(probe);
            testcase.Add(new XElement("failure",
                new XAttribute("message", Clean(string.Join("; ", reasons))),
                new XAttribute("type", record.Failure is not null || !record.JourneyCompleted ? "JourneyFailed" : "ExpectationFailed"),
                Clean(string.Join("\n", reasons))));
        }

        var output = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"probe {record.ProbeId} against {record.TargetName} ({record.TargetRole}) at {record.TargetUrl}\n");
        foreach (var metric in probe.Verdict.Metrics)
        {
            var value = metric.Value is { } v ? Comparison.FormatValue(metric, v) : $"not measured ({metric.Missing})";
            output.Append(CultureInfo.InvariantCulture, $"{metric.Name}: {value}\n");
        }

        foreach (var screenshot in record.Screenshots)
        {
            output.Append(CultureInfo.InvariantCulture, $"screenshot: {screenshot}\n");
        }

        testcase.Add(new XElement("system-out", Clean(output.ToString())));
        return testcase;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters; an email subject may hold them, and the report must still be written.
    private static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : new string(text.Where(XmlConvert.IsXmlChar).ToArray());
}
