using System.Diagnostics.CodeAnalysis;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Json;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Markdown;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;

namespace MysteryShopper.Reporting;

/// <summary>A report format by the name mshop.yaml's <c>reports.formats</c>, <c>--report</c> and <c>mshop report --format</c> take.</summary>
public sealed record ReportFormat
{
    private ReportFormat(string name, IReportWriter writer) => (Name, Writer) = (name, writer);

    /// <summary>Every format, in the order their names are listed (help, hints, the mshop.yaml schema).</summary>
    public static IReadOnlyList<ReportFormat> All { get; } =
    [
        new("html", new HtmlReportWriter()),
        new("md", new MarkdownReportWriter()),
        new("json", new JsonReportWriter()),
        new("junit", new JUnitReportWriter()),
    ];

    /// <summary>The names of <see cref="All"/>: html, md, json, junit.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    public string Name { get; }

    public IReportWriter Writer { get; }

    /// <summary>One of <see cref="Names"/>, in any case, spaces around it ignored.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ReportFormat? format, [NotNullWhen(false)] out SettingProblem? problem)
    {
        format = All.FirstOrDefault(f => string.Equals(f.Name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        problem = format is null ? new SettingProblem($"'{text}' is not known", Suggest.DidYouMean(text, Names)) : null;
        return format is not null;
    }

    /// <summary>
    /// The formats of a comma-separated list, as <c>--report</c> and <c>--format</c> take it; the problems are the names
    /// that are not known, each as a usage error of <paramref name="option"/>.
    /// </summary>
    public static IReadOnlyList<ReportFormat> ParseList(string list, string option, ICollection<string> problems)
    {
        var formats = new List<ReportFormat>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(name, out var format, out var problem))
            {
                formats.Add(format);
            }
            else
            {
                problems.Add(problem.ForOption($"{option} format"));
            }
        }

        return formats;
    }

    public override string ToString() => Name;
}
