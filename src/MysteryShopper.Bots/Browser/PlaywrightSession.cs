using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using Polly;
using Polly.Retry;
using Serilog;

namespace MysteryShopper.Bots.Browser;

/// <summary>
/// A probe's browser context and page; turns Playwright's errors into step outcomes that say what the page showed,
/// and reports page timings, CAPTCHAs, console errors, failed requests and dialogs to the probe's journal. Its
/// <see cref="SiteGuard"/> keeps the page on the target's site; it never enters payment details.
/// </summary>
public sealed class PlaywrightSession : IBrowserSession
{
    /// <summary>
    /// A goto submits nothing, so a network error or a 5xx is worth another try; submits are never retried, and
    /// neither are links from emails (opening one may confirm or count something) or navigations the guard stopped.
    /// </summary>
    private static readonly ResiliencePipeline<Attempt> NavigationRetry = new ResiliencePipelineBuilder<Attempt>()
        .AddRetry(new RetryStrategyOptions<Attempt>
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder<Attempt>().HandleResult(a => a.Retry),
        })
        .Build();

    /// <summary>What a form field says about itself, for <see cref="PaymentFields"/>: autocomplete, name, id, then its labels' text, aria-label and placeholder.</summary>
    private const string FieldFactsScript = """
        el => [el.getAttribute('autocomplete') || '', el.getAttribute('name') || '', el.id || '',
               ...Array.from(el.labels || [], l => l.innerText), el.getAttribute('aria-label') || '', el.getAttribute('placeholder') || '']
        """;

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly Probe _probe;
    private readonly IProbeJournal _journal;
    private readonly BrowserOptions _options;
    private readonly ILogger _log;
    private readonly PageWatch _watch;
    private readonly SiteGuard _guard;
    private readonly SecretMasks _masks;

    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A viewport JPEG's quality: text stays readable, and a 1280×800 page takes tens of kilobytes, not hundreds.</summary>
    private const int JpegQuality = 65;

    /// <summary>Whether a step ran since the current document last reported on request.</summary>
    private bool _reportStale = true;

    internal PlaywrightSession(IBrowserContext context, IPage page, Probe probe, IProbeJournal journal, PageWatch watch, SiteGuard guard, BrowserOptions options, ILogger log)
    {
        _context = context;
        _page = page;
        _probe = probe;
        _journal = journal;
        _watch = watch;
        _guard = guard;
        _options = options;
        _log = log;
        _masks = new SecretMasks(probe.Redactor);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Observe(ObservationKind.ConsoleError, message.Text);
            }
        };
        _page.PageError += (_, error) => Observe(ObservationKind.ConsoleError, error);
        _page.RequestFailed += (_, request) =>
        {
            // A navigation the guard stopped is recorded as that, not as the site's failure.
            if (!_guard.Stopped(request))
            {
                Observe(ObservationKind.RequestFailed, $"{request.Method} {request.Url}: {request.Failure}");
            }
        };
        _page.Dialog += (_, dialog) => _ = AnswerAsync(dialog);
        _page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Observe(ObservationKind.RequestFailed, $"{response.Request.Method} {response.Url}: HTTP {response.Status}");
            }
        };
    }

    private void Observe(ObservationKind kind, string? detail = null, double? value = null, IReadOnlyDictionary<string, double>? numbers = null, string? name = null) =>
        _journal.Add(new Observation(kind, _options.Time.GetUtcNow()) { Detail = detail, Value = value, Numbers = numbers, Name = name });

    private static readonly string[] CookieAcceptSelectors =
        ["#onetrust-accept-btn-handler", "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll", "#CybotCookiebotDialogBodyButtonAccept", ".cc-allow", "[data-testid='uc-accept-all-button']", "[data-cookie-accept]"];

    private static readonly string[] CookieRejectSelectors =
        ["#onetrust-reject-all-handler", "#CybotCookiebotDialogBodyButtonDecline", ".cc-deny", "[data-testid='uc-deny-all-button']", "[data-cookie-reject]"];

    private static readonly Regex CookieAcceptText = new("^(accept|accept all|accept all cookies|allow all|allow all cookies|i agree|agree|got it|ok|okay)$", RegexOptions.IgnoreCase);
    private static readonly Regex CookieRejectText = new("^(reject|reject all|decline|decline all|only necessary|necessary only|use necessary cookies only|refuse)$", RegexOptions.IgnoreCase);

    public async Task<StepOutcome> RunAsync(Step step, StepContext context, CancellationToken cancellationToken)
    {
        _reportStale = true;
        if (Trouble(navigating: step is GotoStep) is { } before)
        {
            return StepOutcome.Failure(before);
        }

        var running = RunStepAsync(step, context, cancellationToken);
        if (step.Type.OnlyLooks && await Task.WhenAny(running, _guard.Troubled) != running)
        {
            // A step that only looks need not wait out its time once the page has left or failed; it ends unobserved.
            _ = running.ContinueWith(t => _log.Debug("A step given up ended: {Outcome}", t.IsCompletedSuccessfully ? t.Result.Reason ?? "passed" : t.Exception?.Message ?? "cancelled"), TaskScheduler.Default);
            return StepOutcome.Failure(Trouble(navigating: false) ?? "the page went away");
        }

        var outcome = await running;
        return step is GotoStep ? outcome : AfterStep(outcome);
    }

    /// <summary>What keeps a step from running: a departure the guard stopped (reported once), or the browser's error page (not for a navigation, which leaves it).</summary>
    private string? Trouble(bool navigating) =>
        _guard.TakeDeparture()?.Reason ?? (navigating ? null : _guard.ErrorPage);

    /// <summary>A step that set the page off (a click whose page was stopped from leaving, or that ended on an error page) fails for it.</summary>
    private StepOutcome AfterStep(StepOutcome outcome)
    {
        if (_guard.TakeDeparture() is { } departure)
        {
            return StepOutcome.Failure(departure.Reason);
        }

        if (!outcome.Passed)
        {
            return outcome;
        }

        return _guard.ErrorPage is { } error ? StepOutcome.Failure(error)
            : !_guard.MayBeAt(_page.Url) ? StepOutcome.Failure($"the page left {_guard.Site} for {_page.Url}")
            : outcome;
    }

    /// <summary>Records what a dialog said and closes it as Playwright does when nobody listens: a beforeunload is accepted (the bot means to leave), the others dismissed.</summary>
    private async Task AnswerAsync(IDialog dialog)
    {
        Observe(ObservationKind.Dialog, dialog.Message, name: dialog.Type);
        try
        {
            if (dialog.Type == "beforeunload")
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        }
        catch (PlaywrightException e)
        {
            // The page closed with the dialog open: nothing is left to answer.
            _log.Debug("A {Type} dialog could not be closed: {Reason}", dialog.Type, Messages.FirstLine(e.Message));
        }
    }

    public async Task InspectFormAsync(CancellationToken cancellationToken)
    {
        // One round trip: the required fields, and the document's report (which names a CAPTCHA that appeared late).
        if (await ReadReportAsync(PageTimings.InspectForm) is { Required: { } required })
        {
            Observe(ObservationKind.FormInspected, $"{required} required field(s) on {_page.Url}", required);
        }
    }

    public async Task<bool> SaveTraceAsync(string path, CancellationToken cancellationToken)
    {
        if (!_options.Trace)
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return await SecretEvidence.SaveTraceAsync(_context.Tracing, path, _probe.Redactor, _log, cancellationToken);
        }
        catch (PlaywrightException e)
        {
            // A full disk leaves a truncated zip behind: no trace is better than one that cannot be opened.
            _log.Warning("The trace could not be saved to {Path}: {Reason}", path, Messages.FirstLine(e.Message));
            EvidenceFiles.DeletePartial(path);
            return false;
        }
    }

    /// <summary>Asks the current document for its report (the page sends one by itself only when something changes).</summary>
    private async Task<PageReport?> ReadReportAsync(string script)
    {
        try
        {
            // A page whose script never yields would hold an evaluation forever: its own reports have to do then.
            var report = PageTimings.Parse(await _page.EvaluateAsync<string?>(script).WaitAsync(ReportTimeout, _options.Time));
            _watch.Take(report);
            return report;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // The page was navigating, closed or busy: what it reported by itself stands.
            _log.Debug("The page's report could not be read: {Reason}", Messages.FirstLine(e.Message));
            return null;
        }
    }

    private async Task<StepOutcome> RunStepAsync(Step step, StepContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ms = (float)context.Timeout.TotalMilliseconds;
        var values = context.Values;
        try
        {
            var root = Root(context);
            switch (step)
            {
                case GotoStep go:
                    return await NavigateAsync(go.Url.Render(values), ms, link: false, cancellationToken);
                case FillStep fill:
                    var filled = root.Locate(Resolve(fill.Locator), values);
                    if (await RefusePaymentFieldAsync(filled, "fill", ms) is { } notFilled)
                    {
                        return notFilled;
                    }

                    await filled.FillAsync(_masks.Typed(filled, fill.Value.Render(values)), new LocatorFillOptions { Timeout = ms });
                    return StepOutcome.Success;
                case TypeStep type:
                    var field = root.Locate(Resolve(type.Locator), values);
                    if (await RefusePaymentFieldAsync(field, "type into", ms) is { } notTyped)
                    {
                        return notTyped;
                    }

                    await field.ClickAsync(new LocatorClickOptions { Timeout = ms });
                    await field.PressSequentiallyAsync(_masks.Typed(field, type.Value.Render(values)), new LocatorPressSequentiallyOptions { Delay = (float)type.Delay.TotalMilliseconds, Timeout = ms });
                    return StepOutcome.Success;
                case SelectStep select:
                    var list = root.Locate(Resolve(select.Locator), values);
                    if (await RefusePaymentFieldAsync(list, "choose in", ms) is { } notChosen)
                    {
                        return notChosen;
                    }

                    await list.SelectOptionAsync(_masks.Typed(list, select.Option.Render(values)), new LocatorSelectOptionOptions { Timeout = ms });
                    return StepOutcome.Success;
                case CheckStep check:
                    await root.Locate(Resolve(check.Locator), values).CheckAsync(new LocatorCheckOptions { Timeout = ms });
                    return StepOutcome.Success;
                case UncheckStep uncheck:
                    await root.Locate(Resolve(uncheck.Locator), values).UncheckAsync(new LocatorUncheckOptions { Timeout = ms });
                    return StepOutcome.Success;
                case ClickStep click:
                    await root.Locate(Resolve(click.Locator), values).ClickAsync(new LocatorClickOptions { Timeout = ms });
                    return StepOutcome.Success;
                case PressStep press when press.Locator is not null:
                    await root.Locate(Resolve(press.Locator), values).PressAsync(press.Key, new LocatorPressOptions { Timeout = ms });
                    return StepOutcome.Success;
                case PressStep press:
                    await _page.Keyboard.PressAsync(press.Key);
                    return StepOutcome.Success;
                case HoverStep hover:
                    await root.Locate(Resolve(hover.Locator), values).HoverAsync(new LocatorHoverOptions { Timeout = ms });
                    return StepOutcome.Success;
                case ExpectTextStep expect:
                    await root.GetByText(expect.Text.Render(values)).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = ms });
                    return StepOutcome.Success;
                case ExpectVisibleStep visible:
                    await root.Locate(Resolve(visible.Locator), values).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = ms });
                    return StepOutcome.Success;
                case ExpectUrlStep url:
                    return await ExpectUrlAsync(url, values, ms);
                case ExtractStep extract:
                    return Extract(extract, await root.Locate(Resolve(extract.Locator), values).First.InnerTextAsync(new LocatorInnerTextOptions { Timeout = ms }));
                case DismissCookiesStep cookies:
                    return await DismissCookiesAsync(cookies.Accept);
                default:
                    // Each browser step has its case above: one without is a bug in mshop, not a failure of the site.
                    throw new UnreachableException($"the browser session has no case for '{step.Keyword}' steps ({step.Type.Runner})");
            }
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var what = step switch
            {
                ExpectTextStep t => $"the page did not show \"{t.Text.Render(values)}\" within {Duration.Format(context.Timeout)}",
                ExpectUrlStep u => $"the URL did not become {(u.Pattern is null ? $"one containing \"{u.Contains?.Render(values)}\"" : $"one matching /{u.Pattern}/")} within {Duration.Format(context.Timeout)}",
                _ => Explain(e.Message),
            };
            return StepOutcome.Failure($"{what}; {await DescribePageAsync()}");
        }
        catch (ArgumentException e)
        {
            return StepOutcome.Failure(e.Message);
        }
    }

    public async Task<StepOutcome> OpenAsync(string url, TimeSpan timeout, bool allowItsHost, CancellationToken cancellationToken)
    {
        _reportStale = true;
        if (allowItsHost)
        {
            // The mail's own List-Unsubscribe names this host as its way out: it counts as the site from now on.
            _guard.Allow(url, "an email's List-Unsubscribe named");
        }

        return Trouble(navigating: true) is { } before
            ? StepOutcome.Failure(before)
            : await NavigateAsync(url, (float)timeout.TotalMilliseconds, link: true, cancellationToken);
    }

    /// <summary>Looks at the field before anything is entered: a payment field is refused, with what marks it.</summary>
    private async Task<StepOutcome?> RefusePaymentFieldAsync(ILocator field, string verb, float ms)
    {
        var facts = await field.EvaluateAsync<string[]>(FieldFactsScript, null, new LocatorEvaluateOptions { Timeout = ms });
        var why = PaymentFields.Why(new FieldFacts { Autocomplete = facts[0], Name = facts[1], Id = facts[2], Labels = facts[3..] });
        return why is null ? null : StepOutcome.Failure($"refusing to {verb} a payment field ({why}) on {_page.Url}: MysteryShopper never enters payment details");
    }

    public async Task<byte[]?> ScreenshotAsync(ScreenshotKind kind, CancellationToken cancellationToken)
    {
        if (_page.Url == "about:blank")
        {
            return null;
        }

        try
        {
            var read = _reportStale ? ReadReportAsync(PageTimings.Read) : Task.FromResult<PageReport?>(null);
            _reportStale = false;
            var shot = _page.ScreenshotAsync(kind == ScreenshotKind.Viewport
                ? new PageScreenshotOptions { Type = ScreenshotType.Jpeg, Quality = JpegQuality, Timeout = 10_000, Mask = _masks.For(_page) }
                : new PageScreenshotOptions { FullPage = true, Timeout = 10_000, Mask = _masks.For(_page) });
            await Task.WhenAll(shot, read);
            return await shot;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            _log.Warning("A screenshot of {Url} could not be taken: {Reason}", _page.Url, Messages.FirstLine(e.Message));
            return null;
        }
    }

    public async Task<string?> StorageStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _context.StorageStateAsync();
        }
        catch (PlaywrightException e)
        {
            _log.Warning("The browser's cookies could not be kept: {Reason}", Messages.FirstLine(e.Message));
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_reportStale && _page.Url != "about:blank")
            {
                await ReadReportAsync(PageTimings.Read);
            }

            _watch.Flush();

            // Closing the context also ends its trace, unsaved: a passing probe keeps none.
            await _context.CloseAsync();
        }
        catch (PlaywrightException e)
        {
            _log.Debug("Closing the browser context failed: {Reason}", e.Message);
        }

        // The context wrote its HAR as it closed.
        if (_options.HarFolder is { } folder)
        {
            await SecretEvidence.RewriteHarAsync(PlaywrightBrowser.HarPath(folder, _probe), _probe.Redactor, _log);
        }
    }

    /// <summary>One try at opening a URL, and whether another is worth it.</summary>
    private sealed record Attempt(StepOutcome Outcome, bool Retry);

    /// <summary>
    /// Opens a URL: a goto's host counts as the site from then on (its author named it), and a goto is retried;
    /// a link from an email is opened once. Either way each hop of its redirects is checked by the guard.
    /// </summary>
    private async Task<StepOutcome> NavigateAsync(string url, float timeoutMs, bool link, CancellationToken cancellationToken)
    {
        if (link)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (await AttemptAsync(url, $"the link {url}", timeoutMs)).Outcome;
        }

        _guard.Allow(url, "a goto named");
        return (await NavigationRetry.ExecuteAsync(
            async token =>
            {
                token.ThrowIfCancellationRequested();
                return await AttemptAsync(url, url, timeoutMs);
            },
            cancellationToken)).Outcome;
    }

    private async Task<Attempt> AttemptAsync(string url, string subject, float timeoutMs)
    {
        IResponse? response = null;
        string? error = null;
        _guard.Opening(subject);
        try
        {
            response = await _page.GotoAsync(url, new PageGotoOptions { Timeout = timeoutMs, WaitUntil = WaitUntilState.Load });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            error = Messages.FirstLine(e.Message);
        }
        finally
        {
            _guard.Opening(null);
        }

        // A hop the guard stopped is why the navigation failed (Playwright says only net::ERR_ABORTED at the first URL).
        if (_guard.TakeDeparture() is { } departure)
        {
            return new Attempt(StepOutcome.Failure(departure.Reason), Retry: false);
        }

        if (error is not null)
        {
            var network = error.Contains("net::ERR_", StringComparison.Ordinal);
            return new Attempt(StepOutcome.Failure(network ? $"the page could not be loaded ({error})" : $"{error}; {await DescribePageAsync()}"), Retry: network);
        }

        return response is { Status: >= 400 }
            ? new Attempt(StepOutcome.Failure($"{url} answered HTTP {response.Status} {response.StatusText}"), Retry: response.Status >= 500)
            : new Attempt(StepOutcome.Success, Retry: false);
    }

    private async Task<StepOutcome> ExpectUrlAsync(ExpectUrlStep step, IReadOnlyDictionary<string, string> values, float ms)
    {
        var contains = step.Contains?.Render(values);
        var pattern = step.Pattern is null ? null : new Regex(step.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        await _page.WaitForURLAsync(url => contains is not null ? url.Contains(contains, StringComparison.OrdinalIgnoreCase) : pattern!.IsMatch(url),
            new PageWaitForURLOptions { Timeout = ms, WaitUntil = WaitUntilState.Commit });
        return StepOutcome.Success;
    }

    private static StepOutcome Extract(ExtractStep step, string text)
    {
        text = text.Trim();
        if (step.Pattern is null)
        {
            return new StepOutcome(true, Value: text);
        }

        var match = Regex.Match(text, step.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success
            ? new StepOutcome(true, Value: match.Groups.Count > 1 ? match.Groups[1].Value : match.Value)
            : StepOutcome.Failure($"the text \"{Shorten(text)}\" does not match /{step.Pattern}/");
    }

    /// <summary>Clicks the first visible consent button of a known banner or with a usual label; no banner is fine.</summary>
    private async Task<StepOutcome> DismissCookiesAsync(bool accept)
    {
        var selectors = accept ? CookieAcceptSelectors : CookieRejectSelectors;
        var text = accept ? CookieAcceptText : CookieRejectText;
        var candidates = selectors.Select(s => _page.Locator(s))
            .Append(_page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { NameRegex = text }))
            .Append(_page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { NameRegex = text }));
        foreach (var candidate in candidates)
        {
            var first = candidate.First;
            if (await first.IsVisibleAsync())
            {
                await first.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
                return new StepOutcome(true, Value: "dismissed");
            }
        }

        return new StepOutcome(true, Value: "no cookie banner");
    }

    private LocatorSpec Resolve(LocatorSpec spec) =>
        spec.Kind != LocatorKind.Selector ? spec
        : _probe.Selector(spec.Value.Source) ?? throw new ArgumentException($"selector '{spec.Value.Source}' is not defined for target '{_probe.Target.Id}'");

    private Root Root(StepContext context)
    {
        var root = new Root(_page, null);
        foreach (var frame in context.Frames)
        {
            root = new Root(_page, root.Locate(Resolve(frame), context.Values).ContentFrame);
        }

        return root;
    }

    /// <summary>What the page showed, for failure messages: its URL, title and first text; or that it could not be loaded, or left the site.</summary>
    private async Task<string> DescribePageAsync()
    {
        if (_guard.ErrorPage is { } error)
        {
            return error;
        }

        if (!_guard.MayBeAt(_page.Url))
        {
            return $"the page left {_guard.Site} for {_page.Url}";
        }

        try
        {
            var title = await _page.TitleAsync().WaitAsync(TimeSpan.FromSeconds(2), _options.Time);
            var body = (await _page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 })).ReplaceLineEndings(" ").Trim();
            return $"the page at {_page.Url} (\"{title}\") showed: \"{Shorten(body)}\"";
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return $"the page at {_page.Url} could not be read";
        }
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;


    /// <summary>Playwright's first line, plus the last telling line of its call log ("… intercepts pointer events").</summary>
    private static string Explain(string message)
    {
        var lines = message.Split('\n').Select(l => l.Trim().TrimStart('-').Trim()).Where(l => l.Length > 0).ToList();
        var telling = lines.Skip(1).LastOrDefault(l =>
            !l.StartsWith("retrying", StringComparison.Ordinal) && !l.StartsWith("waiting", StringComparison.Ordinal)
            && !l.StartsWith("attempting", StringComparison.Ordinal) && !l.StartsWith("Call log", StringComparison.Ordinal)
            && !l.Contains("scroll", StringComparison.Ordinal) && !l.StartsWith("element is visible", StringComparison.Ordinal)
            && !l.StartsWith("====", StringComparison.Ordinal));
        return telling is null ? lines.FirstOrDefault() ?? message : $"{lines[0]} ({Shorten(telling)})";
    }
}

/// <summary>Where locators start: the page, or an iframe inside it.</summary>
internal readonly record struct Root(IPage Page, IFrameLocator? Frame)
{
    public ILocator GetByText(string text) => Frame?.GetByText(text) ?? Page.GetByText(text);

    public ILocator Locate(LocatorSpec spec, IReadOnlyDictionary<string, string> values)
    {
        var value = spec.Value.Render(values);
        var exact = spec.Exact;
        return (spec.Kind, Frame) switch
        {
            (LocatorKind.Label, null) => Page.GetByLabel(value, new PageGetByLabelOptions { Exact = exact }),
            (LocatorKind.Label, _) => Frame.GetByLabel(value, new FrameLocatorGetByLabelOptions { Exact = exact }),
            (LocatorKind.Role, null) => Page.GetByRole(Role(value), new PageGetByRoleOptions { Name = spec.Name?.Render(values), Exact = exact }),
            (LocatorKind.Role, _) => Frame.GetByRole(Role(value), new FrameLocatorGetByRoleOptions { Name = spec.Name?.Render(values), Exact = exact }),
            (LocatorKind.Text, null) => Page.GetByText(value, new PageGetByTextOptions { Exact = exact }),
            (LocatorKind.Text, _) => Frame.GetByText(value, new FrameLocatorGetByTextOptions { Exact = exact }),
            (LocatorKind.Placeholder, null) => Page.GetByPlaceholder(value, new PageGetByPlaceholderOptions { Exact = exact }),
            (LocatorKind.Placeholder, _) => Frame.GetByPlaceholder(value, new FrameLocatorGetByPlaceholderOptions { Exact = exact }),
            (LocatorKind.TestId, null) => Page.GetByTestId(value),
            (LocatorKind.TestId, _) => Frame.GetByTestId(value),
            (_, null) => Page.Locator(value),
            _ => Frame.Locator(value),
        };
    }

    private static AriaRole Role(string role) =>
        Enum.TryParse<AriaRole>(role.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{role}' is not an ARIA role (e.g. button, link, textbox, checkbox, heading)");
}
