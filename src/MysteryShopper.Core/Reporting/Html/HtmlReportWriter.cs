using System.Text;

namespace MysteryShopper.Reporting.Html;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS, no script, no external assets) that puts the companies
/// side by side, scenario by scenario, for a CX lead to show a CEO. Every text from the run goes through
/// <see cref="HtmlBuilder"/>, which encodes it.
/// </summary>
public sealed class HtmlReportWriter : FileReportWriter
{
    public const string DefaultFileName = "report.html";

    private const string Css = """
        :root { --good: #1b7f3b; --good-bg: #e6f4ea; --bad: #b3261e; --bad-bg: #fce8e6; --missing: #6b6b6b; --missing-bg: #f1f1f1; --line: #d9d9d9; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f; margin: 0; background: #fafafa; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 28px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 4px; }
        h3 { font-size: 16px; margin: 20px 0 8px; }
        .meta, .file { color: #5f5f5f; margin: 0; }
        .summary { display: inline-block; font-size: 18px; font-weight: 600; padding: 6px 14px; border-radius: 6px; margin: 14px 0 0; }
        .summary.all-passed { background: var(--good-bg); color: var(--good); }
        .summary.some-failed { background: var(--bad-bg); color: var(--bad); }
        table { border-collapse: collapse; width: 100%; background: #fff; margin-top: 12px; }
        th, td { border: 1px solid var(--line); padding: 8px 10px; text-align: left; vertical-align: top; }
        thead th { background: #f4f4f4; }
        tbody th { font-weight: 600; width: 18%; background: #fcfcfc; }
        .company { font-size: 16px; font-weight: 700; display: block; margin-bottom: 4px; }
        .badge { display: inline-block; font-size: 12px; font-weight: 700; letter-spacing: .03em; padding: 1px 8px; border-radius: 10px; margin-right: 4px; text-transform: uppercase; }
        .badge.own { background: #e3ecfd; color: #1a4fb4; }
        .badge.competitor { background: #efe7fb; color: #5b2a9e; }
        .badge.pass { background: var(--good-bg); color: var(--good); }
        .badge.fail { background: var(--bad-bg); color: var(--bad); }
        .badge.awaiting { background: #fdf3dc; color: #8a5a00; }
        td.good { background: var(--good-bg); color: var(--good); }
        td.bad { background: var(--bad-bg); color: var(--bad); }
        td.missing { background: var(--missing-bg); color: var(--missing); font-style: italic; }
        .detail { font-size: 13px; color: #4a4a4a; white-space: pre-line; font-style: normal; }
        .gallery { display: flex; flex-wrap: wrap; gap: 16px; }
        figure { margin: 0; background: #fff; border: 1px solid var(--line); padding: 8px; flex: 1 1 300px; max-width: 400px; }
        figcaption { font-weight: 600; margin-bottom: 6px; }
        figure img { width: 100%; height: auto; border: 1px solid var(--line); display: block; margin-bottom: 6px; }
        .none { color: var(--missing); font-style: italic; }
        ul.failures li { margin-bottom: 10px; }
        ul.reasons { margin: 4px 0 0; color: var(--bad); }
        code { font-size: 13px; }
        details { margin: 6px 0 12px; }
        summary { cursor: pointer; font-weight: 600; }
        ul.evidence { margin: 0; padding-left: 18px; font-size: 13px; }
        footer { color: #8a8a8a; font-size: 13px; padding-top: 32px; padding-bottom: 24px; }
        """;

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(Render(Comparison.From(run))), cancellationToken);

    /// <summary>The page, as text.</summary>
    public static string Render(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var run = comparison.Run;
        var html = new HtmlBuilder().Doctype();
        html.Open("html", ("lang", "en")).Line();
        html.Open("head").Line()
            .Void("meta", ("charset", "utf-8")).Line()
            .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1")).Line()
            .Element("title", $"Mystery shopper report — run {run.RunId}").Line()
            .StyleSheet(Css).Line()
            .Close("head").Line();
        html.Open("body").Line();

        html.Open("header")
            .Element("h1", "Mystery shopper report")
            .Open("p", ("class", "meta"))
            .Text("Run ").Element("code", run.RunId)
            .Text($" · started {Comparison.FormatTime(run.StartedAt)} · finished {Comparison.FormatTime(run.FinishedAt)} ({Comparison.FormatSeconds((run.FinishedAt - run.StartedAt).TotalSeconds)})")
            .Close("p")
            .Element("p", comparison.Summary, ("class", run.AllPassed ? "summary all-passed" : "summary some-failed"))
            .Close("header").Line();

        html.Open("main").Line();
        foreach (var scenario in comparison.Scenarios)
        {
            RenderScenario(html, scenario);
        }

        RenderExperience(html, comparison);
        RenderCards(html, comparison);
        RenderFailures(html, comparison);
        RenderSkipped(html, run);
        RenderUnattributed(html, run);
        html.Close("main").Line();

        html.Open("footer").Text($"Generated by MysteryShopper from {run.Probes.Count} probe(s); times are UTC.").Close("footer").Line();
        html.Close("body").Line().Close("html").Line();
        return html.ToString();
    }

    private static void RenderScenario(HtmlBuilder html, ScenarioComparison scenario)
    {
        html.Open("section", ("class", "scenario")).Line()
            .Element("h2", $"Scenario: {scenario.Scenario}")
            .Element("p", scenario.ScenarioFile, ("class", "file")).Line();

        html.Open("table", ("class", "comparison")).Line().Open("thead").Open("tr")
            .Element("th", "", ("scope", "col"));
        foreach (var column in scenario.Columns)
        {
            html.Open("th", ("scope", "col"))
                .Element("span", column.Heading, ("class", "company"))
                .Element("span", column.IsOwn ? "own" : column.Role, ("class", column.IsOwn ? "badge own" : "badge competitor"))
                .Element("span", column.Awaiting ? "AWAITING" : column.Passed ? "PASS" : "FAIL", ("class", column.Awaiting ? "badge awaiting" : column.Passed ? "badge pass" : "badge fail"))
                .Close("th");
        }

        html.Close("tr").Close("thead").Line().Open("tbody").Line();
        foreach (var row in scenario.Rows)
        {
            html.Open("tr").Element("th", row.Label, ("scope", "row"));
            foreach (var cell in row.Cells)
            {
                RenderCell(html, cell);
            }

            html.Close("tr").Line();
        }

        html.Close("tbody").Close("table").Line();

        html.Element("h3", "Screenshots").Open("div", ("class", "gallery")).Line();
        foreach (var column in scenario.Columns)
        {
            html.Open("figure").Element("figcaption", column.Heading);
            var shots = column.Probe.Record.Screenshots;
            if (shots.Count == 0)
            {
                html.Element("p", "No screenshot was taken.", ("class", "none"));
            }

            foreach (var shot in shots)
            {
                var url = HtmlBuilder.SafeUrl(shot);
                html.Open("a", ("href", url), ("title", "Open the full-size screenshot"))
                    .Void("img", ("src", url), ("alt", $"{column.Heading}: {Path.GetFileName(shot)}"), ("loading", "lazy"))
                    .Close("a");
            }

            html.Close("figure").Line();
        }

        html.Close("div").Close("section").Line();
    }

    private static void RenderCell(HtmlBuilder html, ComparisonCell cell)
    {
        html.Open("td", ("class", cell.Status.ToString().ToLowerInvariant()));
        if (cell.Links.Count > 0)
        {
            for (var i = 0; i < cell.Links.Count; i++)
            {
                if (i > 0)
                {
                    html.Void("br");
                }

                html.Element("a", Path.GetFileName(cell.Links[i]), ("href", HtmlBuilder.SafeUrl(cell.Links[i])));
            }
        }
        else
        {
            html.Text(cell.Text);
        }

        foreach (var detail in cell.Details)
        {
            html.Element("div", detail, ("class", "detail"));
        }

        html.Close("td");
    }

    /// <summary>Each company's experience index across the run: the figure to put in front of a CEO.</summary>
    private static void RenderExperience(HtmlBuilder html, Comparison comparison)
    {
        if (comparison.Experience.Count == 0)
        {
            return;
        }

        html.Open("section", ("class", "experience")).Line()
            .Element("h2", "Experience index")
            .Element("p", "Per company, over its probes whose scenario judges email: the share of promoter-grade probes (9–10) minus the share of detractor-grade ones (0–6), from −100 to +100. A judged email that never came scores 0.", ("class", "meta"))
            .Open("table").Open("thead").Open("tr");
        foreach (var header in (string[])["Company", "Index", "Mean quality", "Probes", "Promoter", "Passive", "Detractor"])
        {
            html.Element("th", header, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody").Line();
        foreach (var company in comparison.Experience)
        {
            var index = company.Index;
            html.Open("tr")
                .Open("th", ("scope", "row")).Text(company.TargetName).Text(" ")
                .Element("span", company.IsOwn ? "own" : company.Role, ("class", company.IsOwn ? "badge own" : "badge competitor"))
                .Close("th")
                .Element("td", Comparison.FormatIndex(index.Index), ("class", index.Index > 0 ? "good" : index.Index < 0 ? "bad" : "neutral"))
                .Element("td", index.MeanScore is { } mean ? mean.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—")
                .Element("td", Count(index.Probes))
                .Element("td", Count(index.Promoters))
                .Element("td", Count(index.Passives))
                .Element("td", Count(index.Detractors))
                .Close("tr").Line();
        }

        html.Close("tbody").Close("table").Close("section").Line();
    }

    /// <summary>Every received message's card, and under each the evidence that decided every part.</summary>
    private static void RenderCards(HtmlBuilder html, Comparison comparison)
    {
        if (comparison.Cards.Count == 0)
        {
            return;
        }

        html.Open("section", ("class", "cards")).Line()
            .Element("h2", "Message cards")
            .Element("p", "Every message each probe received, judged: what kind it is, whether it answered, proposed a next step, was personal, left a placeholder unfilled or offers one-click unsubscribe, and its composite 0–10 under the rubric named.", ("class", "meta"));
        foreach (var probe in comparison.Cards)
        {
            html.Element("h3", probe.Heading).Open("table", ("class", "card-table")).Open("thead").Open("tr");
            foreach (var header in (string[])["Message", "Kind", "Answered", "Next step", "Personal", "Placeholder", "One-click unsubscribe", "Score", "Grade", "Rubric"])
            {
                html.Element("th", header, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody").Line();
            foreach (var card in probe.Cards)
            {
                html.Open("tr")
                    .Element("th", card.Label, ("scope", "row"))
                    .Element("td", card.Kind)
                    .Element("td", card.Answered)
                    .Element("td", card.NextStep)
                    .Element("td", card.Personal)
                    .Element("td", card.Placeholder, ("class", card.Mail.Card.UnfilledPlaceholder ? "bad" : "neutral"))
                    .Element("td", card.OneClick)
                    .Element("td", card.Score, ("class", card.Status.ToString().ToLowerInvariant()))
                    .Element("td", card.Grade)
                    .Element("td", card.Mail.Card.Rubric)
                    .Close("tr").Line();
            }

            html.Close("tbody").Close("table").Line();
            foreach (var card in probe.Cards)
            {
                RenderEvidence(html, card);
            }
        }

        html.Close("section").Line();
    }

    private static void RenderEvidence(HtmlBuilder html, CardView card)
    {
        html.Open("details", ("class", "evidence"))
            .Element("summary", $"Evidence: {card.Label} from {card.Mail.From}, {Comparison.FormatTime(card.Mail.ReceivedAt)}")
            .Open("table").Open("thead").Open("tr")
            .Element("th", "Part", ("scope", "col")).Element("th", "Found", ("scope", "col")).Element("th", "Sub-score", ("scope", "col")).Element("th", "Evidence", ("scope", "col"))
            .Close("tr").Close("thead").Open("tbody").Line();
        foreach (var part in card.Mail.Card.Parts)
        {
            html.Open("tr")
                .Element("th", part.Name, ("scope", "row"))
                .Element("td", part.Value)
                .Element("td", part.Score is { } score ? score.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "—")
                .Open("td");
            if (part.Evidence.Count > 0)
            {
                html.Open("ul", ("class", "evidence"));
                foreach (var line in part.Evidence)
                {
                    html.Element("li", line);
                }

                html.Close("ul");
            }

            html.Close("td").Close("tr").Line();
        }

        html.Close("tbody").Close("table").Close("details").Line();
    }

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void RenderFailures(HtmlBuilder html, Comparison comparison)
    {
        if (comparison.Failures.Count == 0)
        {
            return;
        }

        html.Open("section", ("class", "failures")).Line().Element("h2", "Failures").Open("ul", ("class", "failures")).Line();
        foreach (var failure in comparison.Failures)
        {
            var record = failure.Probe.Record;
            html.Open("li")
                .Element("strong", record.TargetName)
                .Text($" in {record.Scenario} (probe ")
                .Element("code", record.ProbeId)
                .Text(")")
                .Open("ul", ("class", "reasons"));
            foreach (var reason in failure.Reasons)
            {
                html.Element("li", reason);
            }

            html.Close("ul").Close("li").Line();
        }

        html.Close("ul").Close("section").Line();
    }

    /// <summary>Probes the politeness limits held back: named, so a gap in the comparison is never silent.</summary>
    private static void RenderSkipped(HtmlBuilder html, RunResult run) => RenderListSection(
        html,
        "skipped",
        "Skipped probes",
        "Planned, but not run: the target's politeness limits held them back.",
        ["Scenario", "Target", "Probe", "Why"],
        run.Skipped.Select(s => (IReadOnlyList<string>)[s.Scenario, s.TargetId, s.ProbeId, s.Reason]));

    private static void RenderUnattributed(HtmlBuilder html, RunResult run) => RenderListSection(
        html,
        "unattributed",
        "Unattributed emails",
        "These arrived during the run but matched no probe.",
        ["Received", "From", "To", "Subject"],
        run.Unattributed.OrderBy(e => e.ReceivedAt).Select(e => (IReadOnlyList<string>)[Comparison.FormatTime(e.ReceivedAt), e.From, string.Join(", ", e.To), e.Subject]));

    /// <summary>A section with a heading, a note and a table; nothing at all when there are no rows.</summary>
    private static void RenderListSection(HtmlBuilder html, string cssClass, string title, string note, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        html.Open("section", ("class", cssClass)).Line()
            .Element("h2", title)
            .Element("p", note, ("class", "meta"))
            .Open("table").Open("thead").Open("tr");
        foreach (var header in headers)
        {
            html.Element("th", header, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody").Line();
        foreach (var row in list)
        {
            html.Open("tr");
            foreach (var cell in row)
            {
                html.Element("td", cell);
            }

            html.Close("tr").Line();
        }

        html.Close("tbody").Close("table").Close("section").Line();
    }
}
