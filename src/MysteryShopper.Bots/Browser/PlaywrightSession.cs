using Microsoft.Playwright;
using MysteryShopper.Execution;
using MysteryShopper.Scenarios;
using Serilog;

namespace MysteryShopper.Bots.Browser;

/// <summary>A probe's browser context and page; turns Playwright's errors into step outcomes that say what the page showed.</summary>
public sealed class PlaywrightSession(IBrowserContext context, IPage page, ILogger log) : IBrowserSession
{
    public async Task<StepOutcome> RunAsync(Step step, IReadOnlyDictionary<string, string> values, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ms = (float)timeout.TotalMilliseconds;
        try
        {
            switch (step)
            {
                case GotoStep go:
                    return await GotoAsync(go.Url.Render(values), ms);
                case FillStep fill:
                    await Locate(fill.Locator, values).FillAsync(fill.Value.Render(values), new LocatorFillOptions { Timeout = ms });
                    return StepOutcome.Success;
                case CheckStep check:
                    await Locate(check.Locator, values).CheckAsync(new LocatorCheckOptions { Timeout = ms });
                    return StepOutcome.Success;
                case ClickStep click:
                    await Locate(click.Locator, values).ClickAsync(new LocatorClickOptions { Timeout = ms });
                    return StepOutcome.Success;
                case ExpectTextStep expect:
                    var text = expect.Text.Render(values);
                    await page.GetByText(text).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = ms });
                    return StepOutcome.Success;
                default:
                    return StepOutcome.Failure($"'{step.Keyword}' is not a browser step");
            }
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var what = step is ExpectTextStep t
                ? $"the page did not show \"{t.Text.Render(values)}\" within {Duration.Format(timeout)}"
                : $"{FirstLine(e.Message)}";
            return StepOutcome.Failure($"{what}; {await DescribePageAsync()}");
        }
        catch (ArgumentException e)
        {
            return StepOutcome.Failure(e.Message);
        }
    }

    public async Task<StepOutcome> OpenAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await GotoAsync(url, (float)timeout.TotalMilliseconds);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return StepOutcome.Failure($"{FirstLine(e.Message)}; {await DescribePageAsync()}");
        }
    }

    public async Task<bool> ScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or IOException)
        {
            log.Warning("Screenshot {Path} could not be taken: {Reason}", path, FirstLine(e.Message));
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await context.CloseAsync();
        }
        catch (PlaywrightException e)
        {
            log.Debug("Closing the browser context failed: {Reason}", e.Message);
        }
    }

    private async Task<StepOutcome> GotoAsync(string url, float timeoutMs)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { Timeout = timeoutMs, WaitUntil = WaitUntilState.Load });
        return response is { Status: >= 400 }
            ? StepOutcome.Failure($"{url} answered HTTP {response.Status} {response.StatusText}")
            : StepOutcome.Success;
    }

    private ILocator Locate(LocatorSpec spec, IReadOnlyDictionary<string, string> values)
    {
        var value = spec.Value.Render(values);
        return spec.Kind switch
        {
            LocatorKind.Label => page.GetByLabel(value),
            LocatorKind.Role => page.GetByRole(ParseRole(value), new PageGetByRoleOptions { Name = spec.Name?.Render(values) }),
            LocatorKind.Text => page.GetByText(value),
            LocatorKind.Css => page.Locator(value),
            LocatorKind.Placeholder => page.GetByPlaceholder(value),
            _ => page.GetByTestId(value),
        };
    }

    private static AriaRole ParseRole(string role) =>
        Enum.TryParse<AriaRole>(role.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{role}' is not an ARIA role (e.g. button, link, textbox, checkbox, heading)");

    /// <summary>What the page showed, for failure messages: its URL, title and first heading or text.</summary>
    private async Task<string> DescribePageAsync()
    {
        try
        {
            var title = await page.TitleAsync();
            var body = (await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 })).ReplaceLineEndings(" ").Trim();
            if (body.Length > 160)
            {
                body = body[..160] + "…";
            }

            return $"the page at {page.Url} (\"{title}\") showed: \"{body}\"";
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return $"the page at {page.Url} could not be read";
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
