using System.Text.Json;
using System.Text.Json.Serialization;

namespace MysteryShopper.Bots.Browser;

/// <summary>
/// The scripts that watch a page: Navigation Timing, paint timing, LCP and CLS from PerformanceObserver, and CAPTCHA
/// widgets. The page reports them itself, through a function exposed to it, whenever they change (first paint, a
/// larger paint, a layout shift, the load event), so no step waits for a page to finish loading or paint.
/// </summary>
public static class PageTimings
{
    /// <summary>The function the init script calls with a <see cref="PageReport"/> as JSON.</summary>
    public const string ReportFunction = "__mshopReport";

    /// <summary>
    /// Runs before any page script, in the top document only: buffered observers keep the latest LCP and the sum of
    /// unexpected layout shifts, and each change is reported (changes within 50 ms go out together), as is the load
    /// event and the moment the document is left, with its final figures.
    /// </summary>
    public const string InitScript = """
        (() => {
          if (window !== window.top || window.__mshop) return;
          const s = { lcp: null, cls: 0 };
          const captcha = () => {
            const frames = [...document.querySelectorAll('iframe')].map(f => (f.src || '') + ' ' + (f.title || '')).join(' ').toLowerCase();
            if (document.querySelector('.g-recaptcha') || frames.includes('recaptcha')) return 'reCAPTCHA';
            if (document.querySelector('.h-captcha') || frames.includes('hcaptcha')) return 'hCaptcha';
            if (document.querySelector('.cf-turnstile, [data-provider="turnstile"]') || frames.includes('turnstile') || frames.includes('challenges.cloudflare.com')) return 'Turnstile';
            return null;
          };
          const required = () => {
            const count = d => d.querySelectorAll('[required], [aria-required="true"]').length;
            let n = count(document);
            for (const f of document.querySelectorAll('iframe')) { try { if (f.contentDocument) n += count(f.contentDocument); } catch (e) {} }
            return n;
          };
          const read = () => {
            const n = performance.getEntriesByType('navigation')[0];
            const p = performance.getEntriesByName('first-contentful-paint')[0];
            const r = { cls: s.cls };
            if (n) { r.ttfb_ms = n.responseStart; r.dom_content_loaded_ms = n.domContentLoadedEventEnd; if (n.loadEventEnd > 0) r.load_ms = n.loadEventEnd; }
            if (p) r.fcp_ms = p.startTime;
            if (s.lcp) r.lcp_ms = s.lcp;
            return { document: performance.timeOrigin, url: location.href, numbers: r, captcha: document.body ? captcha() : null };
          };
          const send = () => { try { if (window.__mshopReport) window.__mshopReport(JSON.stringify(read())); } catch (e) {} };
          let queued = false;
          const report = () => {
            if (queued) return;
            queued = true;
            setTimeout(() => { queued = false; send(); }, 50);
          };
          const observe = (type, handle) => {
            try { new PerformanceObserver(l => { for (const e of l.getEntries()) handle(e); report(); }).observe({ type, buffered: true }); } catch (e) {}
          };
          observe('largest-contentful-paint', e => { s.lcp = e.renderTime || e.loadTime || e.startTime; });
          observe('layout-shift', e => { if (!e.hadRecentInput) s.cls += e.value; });
          observe('paint', () => {});
          addEventListener('load', () => setTimeout(send, 0));
          addEventListener('pagehide', send);
          window.__mshop = { read, required };
        })();
        """;

    /// <summary>The current document's report, as JSON (null on a page the init script did not run in).</summary>
    public const string Read = "() => window.__mshop ? JSON.stringify(window.__mshop.read()) : null";

    /// <summary>The current document's report with the number of fields it marks as required (forms and same-origin frames).</summary>
    public const string InspectForm = "() => window.__mshop ? JSON.stringify({ ...window.__mshop.read(), required: window.__mshop.required() }) : null";

    public static PageReport? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, PageReportJson.Default.PageReport);
        }
        catch (JsonException)
        {
            // A page script replaced the reporting function's argument with something else: nothing to learn from it.
            return null;
        }
    }
}

/// <summary>What a document reported about itself: which document (its time origin), its URL, timings, CAPTCHA.</summary>
public sealed record PageReport(double Document, string Url, Dictionary<string, double> Numbers, string? Captcha, int? Required);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PageReport))]
internal sealed partial class PageReportJson : JsonSerializerContext;
