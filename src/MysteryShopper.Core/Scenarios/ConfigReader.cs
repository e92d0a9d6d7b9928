using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads <c>mshop.yaml</c>, the workspace's settings.</summary>
public static class ConfigReader
{
    /// <summary>The settings, or null when the file is not a mapping (an error says so).</summary>
    public static WorkspaceConfig? Read(YamlReader reader, YamlNode root)
    {
        if (YamlMap.Open(reader, root, "mshop.yaml", ConfigLanguage.Config) is not { } map)
        {
            return null;
        }

        var addressesNode = map["addresses"];
        var addresses = reader.String(addressesNode, "addresses");
        if (addresses is not null && (!addresses.Contains("{token}", StringComparison.Ordinal) || !addresses.Contains('@', StringComparison.Ordinal)))
        {
            reader.Error(addressesNode!, $"addresses '{addresses}' has no {{token}}", "write the probe address pattern, e.g. shopper+{token}@example.com (plus-address) or {token}@shop.example.com (catch-all)");
            addresses = null;
        }

        var mailbox = YamlMap.Open(reader, map["mailbox"], "'mailbox'", ConfigLanguage.Mailbox);
        var sender = YamlMap.Open(reader, map["sender"], "'sender'", ConfigLanguage.Sender);
        var imap = ReadMailServer(reader, mailbox?["imap"], "imap", 993);
        var smtp = ReadMailServer(reader, sender?["smtp"], "smtp", 587);
        var browser = YamlMap.Open(reader, map["browser"], "'browser'", ConfigLanguage.Browser);
        var connectNode = browser?["connect"];
        var connect = reader.String(connectNode, "connect");
        if (connect is not null && !(Uri.TryCreate(connect, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "ws" or "wss"))
        {
            reader.Error(connectNode!, $"connect '{connect}' is not a ws:// or wss:// address", "give the endpoint a Playwright browser server prints, e.g. ws://127.0.0.1:3000/abc");
            connect = null;
        }

        var run = YamlMap.Open(reader, map["run"], "'run'", ConfigLanguage.Run);
        var reports = YamlMap.Open(reader, map["reports"], "'reports'", ConfigLanguage.Reports);
        var parallel = run?.Whole("parallel", 1, 64);
        var formats = reports?.Items("formats") ?? [];
        foreach (var format in formats.Where(f => !ConfigLanguage.ReportFormats.Contains(f.Value ?? "")))
        {
            reader.Error(format, $"report format '{format.Value}' is not known", Suggest.DidYouMean(format.Value ?? "", ConfigLanguage.ReportFormats));
        }

        return new WorkspaceConfig
        {
            Addresses = addresses,
            Maildir = mailbox?.Text("maildir"),
            Imap = imap,
            Smtp = smtp,
            Pickup = sender?.Text("pickup"),
            BrowserExecutable = browser?.Text("executable"),
            BrowserConnect = connect,
            Headless = browser?.Flag("headless") ?? true,
            Parallel = parallel,
            StepTimeout = run?.Duration("step_timeout"),
            ReportsFolder = reports?.Text("out"),
            Store = map.Text("store"),
            ReportFormats = formats.Select(f => f.Value ?? "").ToList(),
            Folder = Path.GetDirectoryName(Path.GetFullPath(reader.File)),
        };
    }

    /// <summary>An <c>imap:</c> or <c>smtp:</c> server: host, port, security, user and password (write it as <c>${env:NAME}</c>).</summary>
    private static MailServerConfig? ReadMailServer(YamlReader reader, YamlNode? node, string what, int defaultPort)
    {
        if (YamlMap.Open(reader, node, $"'{what}'", ConfigLanguage.MailServer) is not { } map)
        {
            return null;
        }

        var host = reader.String(map.Required("host", "e.g. host: mail.example.com"), "host");

        // A server with a wrong port or security is not read further: its user and password would not be used.
        var port = map.Has("port") ? map.Whole("port", 1, 65535) : defaultPort;
        var security = port is null ? null : map.Has("security") ? map.OneOf("security", MailServerConfig.Securities) : "auto";
        if (port is null || security is null)
        {
            return null;
        }

        var user = map.Text("user");
        var password = map.Text("password");
        return host is null ? null : new MailServerConfig(host, port.Value, security, user, password);
    }
}
