using System.Globalization;
using System.Text;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Reporting.GitHub;

/// <summary>
/// What a run tells GitHub Actions when it runs in a workflow (<c>GITHUB_ACTIONS=true</c>): each failure and warning
/// as a workflow command (<c>::error file=…,line=…,title=…::…</c>), so it is annotated on the scenario's line in the
/// pull request, and <c>summary.md</c> appended to the job summary (the file <c>$GITHUB_STEP_SUMMARY</c> names).
/// Text is escaped as the runner's own toolkit does (<c>%</c>, CR and LF in messages; also <c>:</c> and <c>,</c> in
/// properties), so a reason with a newline or a colon can neither end the command early nor start another.
/// </summary>
public static class GitHubActions
{
    /// <summary>GitHub shows only the first ten of each kind per step; a few more go out, the rest are in junit.xml and summary.md.</summary>
    public const int MaxAnnotationsPerLevel = 50;

    /// <summary>Whether <paramref name="environment"/> is a GitHub Actions job.</summary>
    public static bool IsActive(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// When in GitHub Actions: writes the annotations to <paramref name="output"/> and appends the summary to the job
    /// summary file. Both pass through <paramref name="redactor"/>. Does nothing elsewhere. A job summary that cannot be
    /// written is said on <paramref name="output"/> as a warning command; it never fails the run.
    /// </summary>
    public static async Task ReportAsync(RunResult run, Redactor redactor, TextWriter output, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(output);
        if (!IsActive(environment))
        {
            return;
        }

        foreach (var line in Commands(run, environment("GITHUB_WORKSPACE")))
        {
            await output.WriteLineAsync(redactor.Redact(line));
        }

        if (environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryFile)
        {
            var summary = redactor.Redact(SummaryMarkdownWriter.Render(run, SummaryOptions.FromEnvironment(environment)));
            try
            {
                // Appended: earlier steps of the job may have written theirs.
                await File.AppendAllTextAsync(summaryFile, summary + "\n", new UTF8Encoding(false), cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await output.WriteLineAsync(Command("warning", [], $"the job summary could not be written to {summaryFile}: {e.Message}"));
            }
        }
    }

    /// <summary>
    /// One workflow command per finding, failures as <c>error</c>, warnings as <c>warning</c>, at most
    /// <see cref="MaxAnnotationsPerLevel"/> of each (then a notice of how many more). Absolute scenario paths are made
    /// relative to <paramref name="workspace"/> (<c>$GITHUB_WORKSPACE</c>), as annotations need.
    /// </summary>
    public static IReadOnlyList<string> Commands(RunResult run, string? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var commands = new List<string>();
        foreach (var level in new[] { FindingLevel.Failure, FindingLevel.Warning })
        {
            var findings = Findings.Of(run).Where(f => f.Level == level).ToList();
            foreach (var finding in findings.Take(MaxAnnotationsPerLevel))
            {
                var properties = new List<(string, string)>();
                if (finding.File is { Length: > 0 } file)
                {
                    properties.Add(("file", Relative(file, workspace)));
                    if (finding.Line is { } line)
                    {
                        properties.Add(("line", line.ToString(CultureInfo.InvariantCulture)));
                    }

                    if (finding.Column is { } column && finding.Line is not null)
                    {
                        properties.Add(("col", column.ToString(CultureInfo.InvariantCulture)));
                    }
                }

                properties.Add(("title", finding.Title));
                commands.Add(Command(level == FindingLevel.Failure ? "error" : "warning", properties, finding.Message));
            }

            if (findings.Count > MaxAnnotationsPerLevel)
            {
                commands.Add(Command("notice", [("title", "More findings")],
                    string.Create(CultureInfo.InvariantCulture, $"{findings.Count - MaxAnnotationsPerLevel} more {(level == FindingLevel.Failure ? "failure" : "warning")}(s): junit.xml and summary.md have them all")));
            }
        }

        return commands;
    }

    /// <summary><c>::name key=value,…::message</c>, every part escaped.</summary>
    public static string Command(string name, IEnumerable<(string Key, string Value)> properties, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(properties);
        var list = properties.Select(p => $"{p.Key}={EscapeProperty(p.Value)}").ToList();
        return $"::{name}{(list.Count > 0 ? " " + string.Join(',', list) : "")}::{EscapeData(message)}";
    }

    /// <summary>A command's message: <c>%</c>, CR and LF as <c>%25</c>, <c>%0D</c>, <c>%0A</c>.</summary>
    public static string EscapeData(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>A property's value: as <see cref="EscapeData"/>, and <c>:</c>, <c>,</c> as <c>%3A</c>, <c>%2C</c>.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Relative(string file, string? workspace)
    {
        var relative = Path.IsPathRooted(file) && !string.IsNullOrEmpty(workspace) ? Path.GetRelativePath(workspace, file) : file;
        return relative.Replace('\\', '/');
    }
}
