namespace MysteryShopper.Reporting.Html;

/// <summary>
/// The report's one style sheet, inline so the file works offline: light and dark (<c>prefers-color-scheme</c>),
/// printable (<c>@media print</c> opens nothing and hides nothing that matters), and readable on a 390 px phone (wide
/// tables scroll inside their own box; long words wrap).
/// </summary>
public static class ReportStyle
{
    /// <summary>
    /// The page's Content-Security-Policy: no script, no remote load of any kind. Images only as data URIs (screenshots
    /// are embedded, or linked), styles only inline, frames only the sandboxed <c>srcdoc</c> email previews.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src 'none'; script-src 'none'; connect-src 'none'; " +
        "frame-src 'self' about:; child-src 'self' about:; form-action 'none'; base-uri 'none'";

    public const string Css = """
        :root { color-scheme: light dark; --fg: #1f1f1f; --muted: #5f5f5f; --bg: #fafafa; --panel: #fff; --head: #f4f4f4; --line: #d9d9d9;
          --good: #1b7f3b; --good-bg: #e6f4ea; --bad: #b3261e; --bad-bg: #fce8e6; --warn: #8a5a00; --warn-bg: #fdf3dc; --missing: #6b6b6b; --missing-bg: #f1f1f1;
          --own: #1a4fb4; --own-bg: #e3ecfd; --comp: #5b2a9e; --comp-bg: #efe7fb;
          --s0: #1a4fb4; --s1: #c2410c; --s2: #0f766e; --s3: #a21caf; --s4: #4d7c0f; --s5: #b91c1c; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e8e8e8; --muted: #a8a8a8; --bg: #161616; --panel: #1f1f1f; --head: #2a2a2a; --line: #3c3c3c;
            --good: #7ed99b; --good-bg: #173a22; --bad: #ff9a8f; --bad-bg: #4a1d19; --warn: #f3c86b; --warn-bg: #3d2f10; --missing: #9a9a9a; --missing-bg: #262626;
            --own: #9bbcff; --own-bg: #1c2c4d; --comp: #cfb3ff; --comp-bg: #2e2144;
            --s0: #8fb2ff; --s1: #fb923c; --s2: #2dd4bf; --s3: #e879f9; --s4: #a3e635; --s5: #f87171; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; overflow-wrap: anywhere; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
        header { padding-top: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 21px; margin: 36px 0 6px; }
        h3 { font-size: 16px; margin: 22px 0 8px; }
        a { color: var(--own); }
        .meta, .file, .note { color: var(--muted); margin: 4px 0; }
        .description { font-size: 16px; margin: 4px 0 8px; }
        .summary { display: inline-block; font-size: 18px; font-weight: 600; padding: 6px 14px; border-radius: 6px; margin: 14px 0 0; }
        .summary.all-passed { background: var(--good-bg); color: var(--good); }
        .summary.some-failed { background: var(--bad-bg); color: var(--bad); }
        .table-wrap { overflow-x: auto; max-width: 100%; margin-top: 10px; }
        table { border-collapse: collapse; width: 100%; background: var(--panel); }
        th, td { border: 1px solid var(--line); padding: 7px 9px; text-align: left; vertical-align: top; }
        thead th { background: var(--head); font-size: 14px; overflow-wrap: normal; }
        tbody th { font-weight: 600; background: var(--panel); }
        table.comparison tbody th { width: 18%; }
        .company { font-size: 16px; font-weight: 700; display: block; margin-bottom: 4px; }
        .badge { display: inline-block; font-size: 12px; font-weight: 700; letter-spacing: .03em; padding: 1px 8px; border-radius: 10px; margin-right: 4px; text-transform: uppercase; }
        .badge.own { background: var(--own-bg); color: var(--own); }
        .badge.competitor { background: var(--comp-bg); color: var(--comp); }
        .badge.pass { background: var(--good-bg); color: var(--good); }
        .badge.fail { background: var(--bad-bg); color: var(--bad); }
        .badge.awaiting { background: var(--warn-bg); color: var(--warn); }
        td.good { background: var(--good-bg); color: var(--good); }
        td.bad { background: var(--bad-bg); color: var(--bad); }
        td.missing { background: var(--missing-bg); color: var(--missing); font-style: italic; }
        table.leaderboard tr.own th, table.leaderboard tr.own td { border-top: 2px solid var(--own); border-bottom: 2px solid var(--own); }
        table.leaderboard tr.own th { background: var(--own-bg); }
        table.leaderboard td.best { background: var(--good-bg); color: var(--good); font-weight: 600; }
        table.leaderboard td.worst { background: var(--bad-bg); color: var(--bad); }
        table.leaderboard .rank { font-weight: 700; width: 3em; }
        .flag { display: block; font-size: 12px; font-weight: 600; }
        .n { display: block; font-size: 12px; color: var(--muted); }
        .detail { font-size: 13px; white-space: pre-line; font-style: normal; }
        .gallery { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 0; background: var(--panel); border: 1px solid var(--line); padding: 8px; flex: 1 1 260px; max-width: 400px; }
        figcaption { font-weight: 600; margin-bottom: 6px; }
        figure img { width: 100%; height: auto; border: 1px solid var(--line); display: block; }
        .none { color: var(--missing); font-style: italic; }
        ul.reasons { margin: 4px 0 0; color: var(--bad); }
        code, pre { font-size: 13px; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line); padding: 8px; max-height: 28em; overflow-y: auto; }
        details { margin: 6px 0 10px; }
        details > summary { cursor: pointer; font-weight: 600; }
        details.probe { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        details.probe[open] { padding-bottom: 12px; }
        ul.evidence { margin: 0; padding-left: 18px; font-size: 13px; }
        table.timeline td.when { white-space: nowrap; }
        table.timeline tr.failure td { color: var(--bad); }
        table.timeline tr.email td { font-weight: 600; }
        dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; margin: 6px 0; }
        dl.headers dt { font-weight: 600; color: var(--muted); }
        dl.headers dd { margin: 0; }
        iframe.preview { width: 100%; height: 420px; border: 1px solid var(--line); background: #fff; }
        svg.chart { width: 100%; max-width: 760px; height: auto; display: block; background: var(--panel); border: 1px solid var(--line); }
        svg.chart text { fill: var(--fg); font-size: 12px; }
        svg.chart .axis-title { fill: var(--muted); }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .axis, svg.chart .tick { stroke: var(--muted); stroke-width: 1; }
        svg.chart .mark { stroke: var(--muted); stroke-dasharray: 4 3; }
        svg.chart .mark-label { fill: var(--muted); font-size: 11px; }
        svg.chart .line { fill: none; stroke-width: 2; }
        svg.chart .own .line { stroke-width: 3.5; }
        svg.chart .band { stroke: none; opacity: .15; }
        svg.chart .censored { stroke-width: 1.5; }
        svg.chart .point.current { stroke: var(--fg); stroke-width: 1.5; }
        .series-0 .line, .series-0 .censored { stroke: var(--s0); } .series-0 .band, .series-0 .point, .swatch.series-0 { fill: var(--s0); background: var(--s0); }
        .series-1 .line, .series-1 .censored { stroke: var(--s1); } .series-1 .band, .series-1 .point, .swatch.series-1 { fill: var(--s1); background: var(--s1); }
        .series-2 .line, .series-2 .censored { stroke: var(--s2); } .series-2 .band, .series-2 .point, .swatch.series-2 { fill: var(--s2); background: var(--s2); }
        .series-3 .line, .series-3 .censored { stroke: var(--s3); } .series-3 .band, .series-3 .point, .swatch.series-3 { fill: var(--s3); background: var(--s3); }
        .series-4 .line, .series-4 .censored { stroke: var(--s4); } .series-4 .band, .series-4 .point, .swatch.series-4 { fill: var(--s4); background: var(--s4); }
        .series-5 .line, .series-5 .censored { stroke: var(--s5); } .series-5 .band, .series-5 .point, .swatch.series-5 { fill: var(--s5); background: var(--s5); }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 14px; }
        ul.regressions li { color: var(--bad); margin-bottom: 4px; }
        footer { color: var(--muted); font-size: 13px; padding-top: 32px; padding-bottom: 24px; }
        @media (max-width: 600px) {
          body { font-size: 14px; }
          h1 { font-size: 22px; }
          th, td { padding: 5px 6px; }
          iframe.preview { height: 320px; }
        }
        @media print {
          :root { color-scheme: light; }
          body { background: #fff; color: #000; font-size: 11pt; }
          header, main, footer { max-width: none; }
          .table-wrap { overflow: visible; }
          details > summary { list-style: none; }
          details:not([open]) > :not(summary) { display: none; }
          section.scenario, section.overview { break-before: page; }
          iframe.preview { display: none; }
          a { color: inherit; }
        }
        """;
}
