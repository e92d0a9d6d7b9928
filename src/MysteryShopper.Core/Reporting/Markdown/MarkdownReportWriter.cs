using System.Globalization;
using System.Text;

namespace MysteryShopper.Reporting.Markdown;

/// <summary>
/// <c>report.md</c>: the whole comparison as GitHub-flavoured Markdown, for a wiki page or a chat message (the
/// compact one for CI is <c>summary.md</c>, <see cref="SummaryMarkdownWriter"/>). Text from the run is escaped so it
/// can neither break a table nor inject markup.
/// </summary>
public sealed class MarkdownReportWriter : FileReportWriter
{
    public const string DefaultFileName = "report.md";

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(Render(Comparison.From(run))), cancellationToken);

    /// <summary>The document, as text.</summary>
    public static string Render(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var run = comparison.Run;
        var md = new StringBuilder();
        md.Append("# Mystery shopper run ").Append(Inline(run.RunId)).Append("\n\n");
        md.Append("Started ").Append(Comparison.FormatTime(run.StartedAt))
            .Append(", finished ").Append(Comparison.FormatTime(run.FinishedAt))
            .Append(" (").Append(Comparison.FormatSeconds((run.FinishedAt - run.StartedAt).TotalSeconds)).Append(").\n\n");
        md.Append("**").Append(comparison.Summary).Append(".**\n");

        foreach (var scenario in comparison.Scenarios)
        {
            md.Append("\n## Scenario: ").Append(Inline(scenario.Scenario)).Append("\n\n");
            md.Append('`').Append(scenario.ScenarioFile.Replace("`", "'", StringComparison.Ordinal)).Append("`\n\n");

            md.Append("| |");
            foreach (var column in scenario.Columns)
            {
                md.Append(" **").Append(Cell(column.Heading)).Append("** (").Append(Cell(column.IsOwn ? "own" : column.Role)).Append(") |");
            }

            md.Append("\n|---|");
            md.Append(string.Concat(Enumerable.Repeat("---|", scenario.Columns.Count)));
            md.Append('\n');

            foreach (var row in scenario.Rows)
            {
                md.Append("| ").Append(Cell(row.Label)).Append(" |");
                foreach (var cell in row.Cells)
                {
                    md.Append(' ').Append(Render(cell)).Append(" |");
                }

                md.Append('\n');
            }
        }

        AppendListSection(
            md,
            "Experience index",
            "Per company, over its probes whose scenario judges email: % promoter-grade (9–10) − % detractor-grade (0–6). A judged email that never came scores 0.",
            ["Company", "Index", "Mean quality", "Probes", "Promoter", "Passive", "Detractor"],
            comparison.Experience.Select(c => (IReadOnlyList<string>)
            [
                $"{c.TargetName} ({(c.IsOwn ? "own" : c.Role)})",
                Comparison.FormatIndex(c.Index.Index),
                c.Index.MeanScore is { } mean ? mean.ToString("0.0", CultureInfo.InvariantCulture) : "—",
                .. new[] { c.Index.Probes, c.Index.Promoters, c.Index.Passives, c.Index.Detractors }.Select(n => n.ToString(CultureInfo.InvariantCulture)),
            ]));
        AppendListSection(
            md,
            "Message cards",
            "Every message each probe received, judged (the HTML report has the evidence for each part).",
            ["Probe", "Message", "Kind", "Answered", "Next step", "Personal", "Placeholder", "One-click", "Score", "Grade"],
            comparison.Cards.SelectMany(p => p.Cards.Select(c => (IReadOnlyList<string>)
                [p.Heading, c.Label, c.Kind, c.Answered, c.NextStep, c.Personal, c.Placeholder, c.OneClick, c.Score, c.Grade])));

        if (comparison.Failures.Count > 0)
        {
            md.Append("\n## Failures\n\n");
            foreach (var failure in comparison.Failures)
            {
                var record = failure.Probe.Record;
                md.Append("- **").Append(Inline(record.TargetName)).Append("** in ").Append(Inline(record.Scenario))
                    .Append(" (probe ").Append(Inline(record.ProbeId)).Append(")\n");
                foreach (var reason in failure.Reasons)
                {
                    md.Append("  - ").Append(Inline(reason)).Append('\n');
                }
            }
        }

        AppendListSection(
            md,
            "Skipped probes",
            "Planned, but not run: the target's politeness limits held them back.",
            ["Scenario", "Target", "Probe", "Why"],
            run.Skipped.Select(s => (IReadOnlyList<string>)[s.Scenario, s.TargetId, s.ProbeId, s.Reason]));
        AppendListSection(
            md,
            "Unattributed emails",
            "These arrived during the run but matched no probe.",
            ["Received", "From", "To", "Subject"],
            run.Unattributed.OrderBy(e => e.ReceivedAt).Select(e => (IReadOnlyList<string>)[Comparison.FormatTime(e.ReceivedAt), e.From, string.Join(", ", e.To), e.Subject]));

        return md.ToString();
    }

    /// <summary>
    /// Text made safe for a table cell: markup-starting characters escaped, <c>|</c> as <c>\|</c>, newlines as
    /// <c>&lt;br&gt;</c>.
    /// </summary>
    public static string Cell(string text) => Escape(text, "<br>");

    /// <summary>A section with a heading, a note and a table; nothing at all when there are no rows.</summary>
    private static void AppendListSection(StringBuilder md, string title, string note, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        md.Append("\n## ").Append(title).Append("\n\n").Append(note).Append("\n\n");
        md.Append("| ").AppendJoin(" | ", headers).Append(" |\n|").Append(string.Concat(headers.Select(_ => "---|"))).Append('\n');
        foreach (var row in list)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }
    }

    /// <summary>Text made safe for a line outside a table (newlines become spaces).</summary>
    public static string Inline(string text) => Escape(text, " ");

    private static string Render(ComparisonCell cell)
    {
        var text = cell.Links.Count > 0
            ? string.Join("<br>", cell.Links.Select(l => $"[{Cell(Path.GetFileName(l))}]({Url(l)})"))
            : Cell(cell.Text);

        // Markdown has no colour: bad findings are bold and missing values italic, so they still stand out.
        text = cell.Status switch
        {
            CellStatus.Bad => $"**{text}**",
            CellStatus.Missing => $"*{text}*",
            _ => text,
        };

        return cell.Details.Count == 0 ? text : text + "<br>" + string.Join("<br>", cell.Details.Select(Cell));
    }

    private static string Escape(string text, string newline)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    escaped.Append(newline);
                    break;
                // Only where it could start a tag or an entity, so "< 5m" and "Q & A" stay readable in the raw file.
                case '<' when i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?'):
                    escaped.Append("&lt;");
                    break;
                case '&' when i + 1 < text.Length && (char.IsAsciiLetterOrDigit(text[i + 1]) || text[i + 1] == '#'):
                    escaped.Append("&amp;");
                    break;
                case '\\' or '|' or '*' or '`' or '[' or ']':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    // Link targets: each segment percent-encoded, so spaces or parentheses in a path cannot end the link early.
    private static string Url(string path) =>
        string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
}
