using System.Text.Json.Nodes;
using MysteryShopper.Reporting;

namespace MysteryShopper.Scenarios.Language;

/// <summary>The keys of <c>mshop.yaml</c> and of its sections; every key is optional.</summary>
public static class ConfigLanguage
{
    /// <summary>What <c>mshop.yaml</c> is, for the schema's description.</summary>
    public const string Description = "mshop.yaml: marks a workspace's folder and holds its settings; every key is optional.";

    /// <summary>An <c>imap:</c> or <c>smtp:</c> server (the shared <c>mailServer</c> definition).</summary>
    public static readonly IReadOnlyList<Key> MailServer =
    [
        new("host", "The server's host name or address.", Shapes.Json("""{"type": "string"}""")) { Required = true },
        new("port", "The port (IMAP: 993 with ssl, 143 otherwise; SMTP: 587 with starttls, 465 with ssl).", Shapes.Json("""{"type": ["integer", "string"]}""")),
        new("security", "none, starttls, ssl, or auto (decided by the port).", Shapes.Enum(Settings.MailServer.Securities)),
        new("user", "The login name.", Shapes.Json("""{"type": "string"}""")),
        new("password", "The password; write it as ${env:NAME} so it never lives in the file.", Shapes.Json("""{"type": "string"}""")),
    ];

    public static readonly IReadOnlyList<Key> Mailbox =
    [
        new("maildir", "A Maildir folder the mail server delivers to.", Shapes.Text),
        new("imap", "A real mailbox read over IMAP (with IDLE) instead of the Maildir: the inbox and the junk folder are watched.", Shapes.Ref("mailServer")),
    ];

    public static readonly IReadOnlyList<Key> Sender =
    [
        new("pickup", "A folder each sent message is written into as a MIME file (default: the run folder's outbox/).", Shapes.Text),
        new("smtp", "An SMTP server to send through.", Shapes.Ref("mailServer")),
    ];

    public static readonly IReadOnlyList<Key> Browser =
    [
        new("executable", "The Chromium or Chrome executable to use (default: MSHOP_BROWSER, then chromium/google-chrome on PATH).", Shapes.Text),
        new("headless", "Run without a window (true, the default).", Shapes.Ref("flag")) { Default = true },
        new("connect", "A Playwright browser server to use instead of a local browser, e.g. ws://127.0.0.1:3000/abc (its Playwright version must match mshop's).", Shapes.Json("""{"type": "string", "pattern": "^wss?://", "patternErrorMessage": "give the endpoint a Playwright browser server prints, e.g. ws://127.0.0.1:3000/abc"}""")),
    ];

    public static readonly IReadOnlyList<Key> Run =
    [
        new("parallel", "How many probes run at once: a whole number from 1 to 64.", Shapes.Json("""{"anyOf": [{"type": "integer", "minimum": 1, "maximum": 64}, {"type": "string", "pattern": "^\\s*\\+?0*([1-9]|[1-5][0-9]|6[0-4])(\\.0*)?\\s*$", "patternErrorMessage": "a whole number from 1 to 64"}]}""")),
        new("step_timeout", "How long a step may take unless it says otherwise, e.g. 30s.", Shapes.Ref("duration")),
    ];

    public static readonly IReadOnlyList<Key> Reports =
    [
        new("out", "The folder run folders are written to. Default reports.", Shapes.Text),
        new("formats", "Report formats: html, md, json, junit.", Shapes.AnyOf(Shapes.Json("""{"type": "null"}"""), Shapes.Enum(ReportFormat.Names), new JsonObject { ["type"] = "array", ["items"] = Shapes.Enum(ReportFormat.Names) })),
    ];

    public static readonly IReadOnlyList<Key> Checks =
    [
        new("links", "Request each received message's links on the target's own domains (its URL's host and domains, subdomains too) to find broken ones: never action links (unsubscribe, confirm, verify, links with a token), one request at a time per host at least 1s apart, at most 20 links a message, each URL once a run. Default false.", Shapes.Ref("flag")) { Default = false },
        new("dkim", "Verify each received message's DKIM signature, its key looked up in DNS. Default false.", Shapes.Ref("flag")) { Default = false },
        new("spamd", "Score each received message with this SpamAssassin daemon, HOST:PORT, e.g. 127.0.0.1:783. Default: none.", Shapes.Json("""{"type": "string", "pattern": "^\\S+:[0-9]+$", "patternErrorMessage": "write HOST:PORT, e.g. 127.0.0.1:783"}""")),
    ];

    public static readonly IReadOnlyList<Key> Regression =
    [
        new("alpha", "Samples (several probes per company): the greatest Mann–Whitney p-value that counts as significant, 0.001 to 0.5. Default 0.05.", Shapes.Json("""{"type": "number", "minimum": 0.001, "maximum": 0.5}""")) { Default = 0.05 },
        new("min_effect", "Samples: the smallest |Cliff's delta| that counts as meaningful, 0 to 1. Default 0.33 (a medium effect).", Shapes.Json("""{"type": "number", "minimum": 0, "maximum": 1}""")) { Default = 0.33 },
        new("tolerance", "Single values: how much worse a value may get before it is a regression, as a share of the baseline's (0.2 is 20 %). Default 0.2.", Shapes.Json("""{"type": "number", "minimum": 0, "maximum": 10}""")) { Default = 0.2 },
        new("min_change", "Single values: how much a time must also change by to count, e.g. 500ms. Default 500ms.", Shapes.Ref("duration")),
    ];

    /// <summary>The top level of <c>mshop.yaml</c>.</summary>
    public static readonly IReadOnlyList<Key> Config =
    [
        new("addresses", "The probe address pattern with {token}, e.g. shopper+{token}@example.com (plus-address) or {token}@shop.example.com (catch-all).", Shapes.Json("""{"type": "string", "pattern": "^(?=.*\\{token\\})(?=.*@)|\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}", "patternErrorMessage": "write the probe address pattern with {token}, e.g. shopper+{token}@example.com or {token}@shop.example.com"}""")),
        new("mailbox", "Where probe emails arrive.", Shapes.Object(Mailbox)),
        new("sender", "How probes send email (send_email): a pickup folder (the default) or an SMTP server.", Shapes.Object(Sender)),
        new("browser", "The browser the probes use.", Shapes.Object(Browser)),
        new("run", "How runs go.", Shapes.Object(Run)),
        new("reports", "Where reports go and in which formats.", Shapes.Object(Reports)),
        new("checks", "Checks of each received message with the network, kept with its card: links, DKIM, spamd. All off by default.", Shapes.Object(Checks)),
        new("regression", "When a change against a baseline run (--baseline) is a regression: alpha and min_effect for samples, tolerance and min_change for single values.", Shapes.Object(Regression)),
        new("store", "The store file (SQLite) that keeps runs, probes, mail and verdicts, relative to the workspace. Default .mshop/store.db.", Shapes.Text),
    ];

    /// <summary>The shapes only this file uses.</summary>
    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("mailServer", "A mail server: host, port, transport security and credentials.", Shapes.Object(MailServer)),
    ];
}
