using Microsoft.Playwright;
using MysteryShopper.Redaction;
using Serilog;

namespace MysteryShopper.Bots.Browser;

/// <summary>
/// What a browser session keeps without the probe's secrets: traces and HARs rewritten through the probe's
/// <see cref="Redactor"/> before they are kept (or not kept at all, saying why, when that fails), and screenshots that
/// mask the fields a secret was typed into and the elements whose text shows one.
/// </summary>
internal static class SecretEvidence
{
    /// <summary>Stops the trace into <paramref name="path"/>, rewritten without secrets; false (and why, in the log) when it is not kept.</summary>
    public static async Task<bool> SaveTraceAsync(ITracing tracing, string path, Redactor redactor, ILogger log, CancellationToken cancellationToken)
    {
        if (redactor.IsEmpty)
        {
            await tracing.StopAsync(new TracingStopOptions { Path = path });
            return true;
        }

        // Playwright writes the whole trace at once: it lands next to the kept one and only its rewrite is kept.
        var recorded = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}.recorded.zip");
        try
        {
            await tracing.StopAsync(new TracingStopOptions { Path = recorded });
            await EvidenceFiles.RewriteTraceAsync(recorded, path, redactor, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.Warning("The trace is not kept: it could not be rewritten without the suite's secrets ({Reason})", e.Message);
            EvidenceFiles.DeletePartial(path);
            return false;
        }
        finally
        {
            EvidenceFiles.DeletePartial(recorded);
        }
    }

    /// <summary>Rewrites the HAR the closed context wrote without secrets; deletes it (saying why) when that fails.</summary>
    public static async Task RewriteHarAsync(string path, Redactor redactor, ILogger log)
    {
        if (redactor.IsEmpty || !File.Exists(path))
        {
            return;
        }

        try
        {
            await EvidenceFiles.RewriteJsonAsync(path, redactor, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("The HAR {Path} is not kept: it could not be rewritten without the suite's secrets ({Reason})", path, e.Message);
            File.Delete(path);
        }
    }
}

/// <summary>The fields a secret was typed into, and the secrets typed, for screenshots to mask.</summary>
internal sealed class SecretMasks(Redactor redactor)
{
    private readonly List<ILocator> _fields = [];
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Returns <paramref name="value"/>, remembering <paramref name="field"/> when the value holds a secret.</summary>
    public string Typed(ILocator field, string value)
    {
        var secrets = redactor.SecretsIn(value);
        if (secrets.Count > 0)
        {
            lock (_gate)
            {
                _fields.Add(field);
                _secrets.UnionWith(secrets);
            }
        }

        return value;
    }

    /// <summary>The locators a screenshot of <paramref name="page"/> masks (Playwright paints them over); null when none.</summary>
    public IEnumerable<ILocator>? For(IPage page)
    {
        lock (_gate)
        {
            return _fields.Count == 0 ? null : [.. _fields, .. _secrets.Select(secret => page.GetByText(secret))];
        }
    }
}
