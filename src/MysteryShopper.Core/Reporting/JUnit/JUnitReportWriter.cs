using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MysteryShopper.Judging;

namespace MysteryShopper.Reporting.JUnit;

/// <summary>
/// <c>junit.xml</c> for CI, valid against the common JUnit schema (Jenkins' junit-10.xsd, which GitHub, GitLab and
/// Azure test-report actions read): a <c>testsuite</c> per probe ("scenario · company"), with the probe's metrics as
/// its <c>properties</c>; a <c>testcase</c> for its journey and one per expectation. A failure names the metric,
/// threshold and value and the scenario file and line it is written at (the schema has no place attributes on a test
/// case, so the place is in the message). A warning (<c>severity: warn</c>) passes, with <c>WARNING …</c> in its
/// <c>system-out</c>. Probes held back by politeness limits, and probes still awaiting mail, are <c>skipped</c> with
/// the reason; regressions against the baseline are failing cases of a <c>regressions</c> suite.
/// </summary>
public sealed class JUnitReportWriter : FileReportWriter
{
    public const string DefaultFileName = "junit.xml";

    /// <summary>The name of the suite that holds the baseline comparison.</summary>
    public const string RegressionsSuite = "regressions";

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
        var names = new HashSet<string>(StringComparer.Ordinal);
        var suites = run.Probes.Select(p => ProbeSuite(p, Unique(names, SuiteName(p))))
            .Concat(run.Skipped.Select(s => SkippedSuite(s, Unique(names, $"{s.Scenario} · {s.TargetId}"), run.StartedAt)))
            .ToList();
        if (run.Baseline is { } baseline)
        {
            suites.Add(RegressionSuite(baseline, run.StartedAt));
        }

        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", Clean($"MysteryShopper run {run.RunId}")),
                new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
                new XAttribute("time", Seconds(run.FinishedAt - run.StartedAt)),
                suites));
    }

    /// <summary>"newsletter-signup · Brightwave", with the question when the scenario asks several.</summary>
    public static string SuiteName(ProbeResult probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var record = probe.Record;
        return $"{record.Scenario} · {record.TargetName}" + (record.QuestionId is { } question ? $" · {question}" : "");
    }

    private static XElement ProbeSuite(ProbeResult probe, string name)
    {
        var record = probe.Record;
        var classname = $"{record.Scenario}.{record.TargetId}";
        var cases = new List<XElement> { JourneyCase(probe, classname) };
        cases.AddRange(probe.Verdict.Expectations.Select(e => probe.IsAwaiting
            ? Case($"{e.Metric} {e.Threshold}", classname, TimeSpan.Zero, new XElement("skipped", new XAttribute("message", Clean(probe.AwaitingText))))
            : ExpectationCase(e, record.ScenarioFile, classname)));
        return Suite(name, record.StartedAt, record.FinishedAt - record.StartedAt, cases,
            new XAttribute("id", Clean(record.ProbeId)),
            new XAttribute("package", Clean(record.Scenario)),
            new XAttribute("file", Clean(record.ScenarioFile)),
            new XElement("properties", Properties(probe).Select(p => new XElement("property", new XAttribute("name", Clean(p.Name)), new XAttribute("value", Clean(p.Value))))),
            new XElement("system-out", Clean(Output(probe))));
    }

    private static XElement JourneyCase(ProbeResult probe, string classname)
    {
        var record = probe.Record;
        var testcase = Case("journey", classname, record.FinishedAt - record.StartedAt);
        if (probe.IsAwaiting)
        {
            // Not decided yet: neither a pass nor a failure for CI. Its expectations are checked when the mail comes.
            testcase.Add(new XElement("skipped", new XAttribute("message", Clean(probe.AwaitingText))));
        }
        else if (probe.State == "cancelled")
        {
            testcase.Add(new XElement("skipped", new XAttribute("message", "the run was stopped before this probe finished")));
        }
        else if (record.Failure is { } failure)
        {
            var message = $"{Findings.Journey(failure)} ({Findings.Place(failure.File, failure.Line, failure.Column)})";
            var text = new StringBuilder(message);
            if (failure.Screenshot is { } screenshot)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nscreenshot: {screenshot}");
            }

            if (failure.Trace is { } trace)
            {
                text.Append(CultureInfo.InvariantCulture, $"\ntrace: {trace} (open with 'npx playwright show-trace {trace}')");
            }

            testcase.Add(new XElement(probe.State is "errored" or "unknown" ? "error" : "failure",
                new XAttribute("message", Clean(message)),
                new XAttribute("type", probe.State == "timed_out" ? "TimedOut" : "JourneyFailed"),
                Clean(text.ToString())));
        }
        else if (probe.State is "errored" or "unknown")
        {
            testcase.Add(new XElement("error", new XAttribute("message", $"the probe ended {probe.State}"), new XAttribute("type", "ProbeErrored")));
        }
        else if (!record.JourneyCompleted)
        {
            testcase.Add(new XElement("failure", new XAttribute("message", "the journey did not complete"), new XAttribute("type", "JourneyFailed")));
        }
        else if (record.DryRunStoppedBefore is { } stopped)
        {
            testcase.Add(new XElement("system-out", Clean($"dry run: stopped before {stopped}; nothing was sent")));
        }

        return testcase;
    }

    private static XElement ExpectationCase(ExpectationResult expectation, string file, string classname)
    {
        var testcase = Case($"{expectation.Metric} {expectation.Threshold}", classname, TimeSpan.Zero);
        var text = $"{Findings.Expectation(expectation)} ({Findings.Place(file, expectation.Line, expectation.Column)})";
        if (expectation.Passed)
        {
            testcase.Add(new XElement("system-out", Clean(expectation.Reason)));
        }
        else if (expectation.Warning)
        {
            // A warning never fails CI; the schema has no warning element, so it is said the same way in every case.
            testcase.Add(new XElement("system-out", Clean($"WARNING: {text}")));
        }
        else
        {
            testcase.Add(new XElement("failure", new XAttribute("message", Clean(text)), new XAttribute("type", "ExpectationFailed"), Clean(text)));
        }

        return testcase;
    }

    private static XElement SkippedSuite(SkippedProbe skipped, string name, DateTimeOffset at) =>
        Suite(name, at, TimeSpan.Zero,
            [Case("journey", $"{skipped.Scenario}.{skipped.TargetId}", TimeSpan.Zero, new XElement("skipped", new XAttribute("message", Clean(skipped.Reason))))],
            new XAttribute("id", Clean(skipped.ProbeId)),
            new XAttribute("package", Clean(skipped.Scenario)));

    private static XElement RegressionSuite(BaselineComparison baseline, DateTimeOffset at)
    {
        var cases = baseline.Changes.Select(change =>
        {
            var testcase = Case($"{change.Scenario} · {change.TargetName} · {change.Metric}", $"{change.Scenario}.{change.TargetId}", TimeSpan.Zero);
            var text = Findings.Regression(change, baseline);
            testcase.Add(change.Verdict switch
            {
                ChangeVerdict.Regressed => new XElement("failure", new XAttribute("message", Clean(text)), new XAttribute("type", "Regressed"), Clean(text)),
                ChangeVerdict.NotComparable => new XElement("skipped", new XAttribute("message", Clean($"not comparable: {text}"))),
                _ => new XElement("system-out", Clean($"{change.Verdict.ToString().ToLowerInvariant()}: {text}")),
            });
            return testcase;
        }).ToList();
        var properties = new List<(string, string)> { ("baseline.run", baseline.BaselineRunId) };
        if (baseline.Tag is { } tag)
        {
            properties.Add(("baseline.tag", tag));
        }

        return Suite(RegressionsSuite, at, TimeSpan.Zero, cases,
            new XElement("properties", properties.Select(p => new XElement("property", new XAttribute("name", p.Item1), new XAttribute("value", Clean(p.Item2))))));
    }

    private static XElement Suite(string name, DateTimeOffset started, TimeSpan time, List<XElement> cases, params object[] content)
    {
        // junit-10.xsd allows properties, cases and output in any order; properties first is what readers expect.
        var properties = content.OfType<XElement>().Where(e => e.Name == "properties");
        var rest = content.Where(c => c is not XElement { Name.LocalName: "properties" });
        return new XElement("testsuite",
            new XAttribute("name", Clean(name)),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", cases.Count(c => c.Element("error") is not null)),
            new XAttribute("skipped", cases.Count(c => c.Element("skipped") is not null)),
            new XAttribute("time", Seconds(time)),
            new XAttribute("timestamp", started.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            rest.OfType<XAttribute>(),
            properties,
            cases,
            rest.OfType<XElement>());
    }

    private static XElement Case(string name, string classname, TimeSpan time, params object[] content) =>
        new("testcase", new XAttribute("name", Clean(name)), new XAttribute("classname", Clean(classname)), new XAttribute("time", Seconds(time)), content);

    /// <summary>The probe and its company, every metric (durations in seconds, unmeasured ones with why), its cards' scores and its experience.</summary>
    private static IEnumerable<(string Name, string Value)> Properties(ProbeResult probe)
    {
        var record = probe.Record;
        yield return ("probe", record.ProbeId);
        yield return ("state", probe.State);
        yield return ("target", record.TargetId);
        yield return ("target.name", record.TargetName);
        yield return ("target.role", record.TargetRole);
        yield return ("target.url", record.TargetUrl);
        if (record.QuestionId is { } question)
        {
            yield return ("question", question);
        }

        foreach (var metric in probe.Verdict.Metrics)
        {
            yield return ($"metric.{metric.Name}", metric.Value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : $"not measured: {metric.Missing}");
        }

        foreach (var card in probe.Verdict.Cards)
        {
            yield return ($"card.{card.As ?? card.Id}.score", card.Card.Score.ToString("0.0", CultureInfo.InvariantCulture));
        }

        if (probe.Verdict.Experience is { } experience)
        {
            yield return ("experience.score", experience.Score.ToString("0.0", CultureInfo.InvariantCulture));
        }
    }

    private static string Output(ProbeResult probe)
    {
        var record = probe.Record;
        var output = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"probe {record.ProbeId} against {record.TargetName} ({record.TargetRole}) at {record.TargetUrl}: {probe.State}\n");
        foreach (var metric in probe.Verdict.Metrics)
        {
            var value = metric.Value is { } v ? Comparison.FormatValue(metric, v) : $"not measured ({metric.Missing})";
            output.Append(CultureInfo.InvariantCulture, $"{metric.Name}: {value}\n");
        }

        foreach (var screenshot in record.Screenshots)
        {
            output.Append(CultureInfo.InvariantCulture, $"screenshot: {screenshot}\n");
        }

        return output.ToString();
    }

    private static string Unique(HashSet<string> names, string name)
    {
        // Repeated samples of one probe share a name; CI tools merge suites of one name, so each gets its number.
        var unique = name;
        for (var n = 2; !names.Add(unique); n++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{name} #{n}");
        }

        return unique;
    }

    private static string Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters; an email subject may hold them, and the report must still be written.
    // Surrogate pairs (an emoji in a subject) are valid XML and kept; a lone half is not.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
        }

        return clean.Length == text.Length ? text : clean.ToString();
    }
}
