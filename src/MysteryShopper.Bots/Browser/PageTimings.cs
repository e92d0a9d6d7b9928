namespace MysteryShopper.Bots.Browser;

/// <summary>The scripts that read a page's timings: Navigation Timing, paint timing, and LCP and CLS from PerformanceObserver.</summary>
public static class PageTimings
{
    /// <summary>Runs before any page script: buffered observers keep the latest LCP and the sum of unexpected layout shifts.</summary>
    public const string InitScript = """
        (() => {
          const s = window.__mshop = { lcp: null, cls: 0 };
          try { new PerformanceObserver(l => { for (const e of l.getEntries()) s.lcp = e.renderTime || e.loadTime || e.startTime; })
                  .observe({ type: 'largest-contentful-paint', buffered: true }); } catch (e) {}
          try { new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) s.cls += e.value; })
                  .observe({ type: 'layout-shift', buffered: true }); } catch (e) {}
        })();
        """;

    /// <summary>Milliseconds from the navigation's start (and CLS, unitless) for the current document.</summary>
    public const string Read = """
        async () => {
          // Right after the load event the first paint may not be recorded yet: wait for it, 2 s at most.
          for (let i = 0; i < 40 && !performance.getEntriesByName('first-contentful-paint').length; i++) {
            await new Promise(r => setTimeout(r, 50));
          }
          const n = performance.getEntriesByType('navigation')[0];
          const p = performance.getEntriesByName('first-contentful-paint')[0];
          const s = window.__mshop || {};
          const r = { cls: s.cls || 0 };
          if (n) { r.ttfb_ms = n.responseStart; r.dom_content_loaded_ms = n.domContentLoadedEventEnd; if (n.loadEventEnd > 0) r.load_ms = n.loadEventEnd; }
          if (p) r.fcp_ms = p.startTime;
          if (s.lcp) r.lcp_ms = s.lcp;
          return r;
        }
        """;

    /// <summary>Which CAPTCHA the page (or its frames) shows, or null: reCAPTCHA, hCaptcha, Turnstile.</summary>
    public const string DetectCaptcha = """
        () => {
          const frames = [...document.querySelectorAll('iframe')].map(f => (f.src || '') + ' ' + (f.title || '')).join(' ').toLowerCase();
          if (document.querySelector('.g-recaptcha, [data-sitekey].g-recaptcha') || frames.includes('recaptcha')) return 'reCAPTCHA';
          if (document.querySelector('.h-captcha') || frames.includes('hcaptcha')) return 'hCaptcha';
          if (document.querySelector('.cf-turnstile, [data-provider="turnstile"]') || frames.includes('turnstile') || frames.includes('challenges.cloudflare.com')) return 'Turnstile';
          return null;
        }
        """;

    /// <summary>How many fields the page marks as required (in forms and same-origin frames).</summary>
    public const string CountRequired = """
        () => {
          const count = d => d.querySelectorAll('[required], [aria-required="true"]').length;
          let n = count(document);
          for (const f of document.querySelectorAll('iframe')) { try { if (f.contentDocument) n += count(f.contentDocument); } catch (e) {} }
          return n;
        }
        """;
}
