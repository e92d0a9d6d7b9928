using MysteryShopper.Execution;

namespace MysteryShopper.Bots.Browser;

/// <summary>
/// What the documents of one probe's page reported about themselves (<see cref="PageTimings"/>): each document's
/// latest timings, kept until the session ends, and each CAPTCHA, observed as soon as it is seen. Reports arrive on
/// Playwright's threads while steps run.
/// </summary>
public sealed class PageWatch(IProbeJournal journal, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<Document> _documents = [];
    private readonly HashSet<(double Document, string Name)> _captchas = [];
    private bool _flushed;

    /// <summary>The exposed function's callback: a report as JSON.</summary>
    public void Report(string json) => Take(PageTimings.Parse(json));

    public void Take(PageReport? report)
    {
        if (report is null || !Uri.TryCreate(report.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return;
        }

        var now = time.GetUtcNow();
        bool newCaptcha;
        lock (_gate)
        {
            if (_flushed)
            {
                return;
            }

            var index = _documents.FindIndex(d => d.Id == report.Document);
            if (index < 0)
            {
                _documents.Add(new Document(report.Document, report.Url, report.Numbers, now));
            }
            else
            {
                // The URL stays the one the document loaded with; a script may change it later (history.pushState).
                _documents[index] = _documents[index] with { Numbers = report.Numbers };
            }

            newCaptcha = report.Captcha is not null && _captchas.Add((report.Document, report.Captcha));
        }

        if (newCaptcha)
        {
            journal.Add(new Observation(ObservationKind.CaptchaDetected, now) { Detail = $"{report.Captcha} on {report.Url}", Name = report.Captcha });
        }
    }

    /// <summary>One page-timing observation per document, with its latest figures, timed when it first reported; once.</summary>
    public void Flush()
    {
        List<Document> documents;
        lock (_gate)
        {
            if (_flushed)
            {
                return;
            }

            _flushed = true;
            documents = [.. _documents];
        }

        foreach (var document in documents)
        {
            journal.Add(new Observation(ObservationKind.PageTiming, document.FirstSeen) { Detail = document.Url, Numbers = document.Numbers });
        }
    }

    private sealed record Document(double Id, string Url, Dictionary<string, double> Numbers, DateTimeOffset FirstSeen);
}
