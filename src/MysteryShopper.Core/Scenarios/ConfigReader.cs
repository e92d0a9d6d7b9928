using System.Globalization;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios.Language;
using MysteryShopper.Settings;
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

        var addresses = map.Setting<AddressPattern>("addresses", AddressPattern.TryParse);
        var mailbox = YamlMap.Open(reader, map["mailbox"], "'mailbox'", ConfigLanguage.Mailbox);
        var sender = YamlMap.Open(reader, map["sender"], "'sender'", ConfigLanguage.Sender);
        var imap = ReadMailServer(reader, mailbox?["imap"], "imap", 993);
        var smtp = ReadMailServer(reader, sender?["smtp"], "smtp", 587);
        var browser = YamlMap.Open(reader, map["browser"], "'browser'", ConfigLanguage.Browser);
        var connect = browser?.Setting<BrowserServerUrl>("connect", BrowserServerUrl.TryParse);
        var run = YamlMap.Open(reader, map["run"], "'run'", ConfigLanguage.Run);
        var reports = YamlMap.Open(reader, map["reports"], "'reports'", ConfigLanguage.Reports);
        var parallel = run?.Whole("parallel", Parallelism.Range);
        var checks = YamlMap.Open(reader, map["checks"], "'checks'", ConfigLanguage.Checks);
        var regression = ReadRegression(reader, map["regression"]);
        var formats = (reports?.Items("formats") ?? []).Select(f => reader.Setting<ReportFormat>(f, "report format", ReportFormat.TryParse)).OfType<ReportFormat>().ToList();

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
            ReportFormats = formats,
            Checks = checks is null ? MessageChecks.None : new MessageChecks
            {
                Links = checks.Flag("links") ?? false,
                Dkim = checks.Flag("dkim") ?? false,
                Spamd = checks.Setting<SpamdAddress>("spamd", SpamdAddress.TryParse),
            },
            Regression = regression,
            Folder = Path.GetDirectoryName(Path.GetFullPath(reader.File)),
        };
    }

    /// <summary><c>regression:</c>: each number in its range (an error with its place otherwise), the defaults for what is not written.</summary>
    private static RegressionSettings ReadRegression(YamlReader reader, YamlNode? node)
    {
        var defaults = RegressionSettings.Default;
        if (YamlMap.Open(reader, node, "'regression'", ConfigLanguage.Regression) is not { } map)
        {
            return defaults;
        }

        double? Fraction(string key, (double Min, double Max) range)
        {
            if (reader.Number(map[key], key) is not { } value)
            {
                return null;
            }

            if (value < range.Min || value > range.Max)
            {
                reader.Error(map[key]!, string.Create(CultureInfo.InvariantCulture, $"{key} must be a number from {range.Min} to {range.Max}, not {value}"));
                return null;
            }

            return value;
        }

        return new RegressionSettings
        {
            Alpha = Fraction("alpha", RegressionSettings.AlphaRange) ?? defaults.Alpha,
            MinEffect = Fraction("min_effect", RegressionSettings.EffectRange) ?? defaults.MinEffect,
            Tolerance = Fraction("tolerance", RegressionSettings.ToleranceRange) ?? defaults.Tolerance,
            MinChange = map.Duration("min_change") ?? defaults.MinChange,
        };
    }

    /// <summary>An <c>imap:</c> or <c>smtp:</c> server: host, port, security, user and password (write it as <c>${env:NAME}</c>).</summary>
    private static MailServer? ReadMailServer(YamlReader reader, YamlNode? node, string what, int defaultPort)
    {
        if (YamlMap.Open(reader, node, $"'{what}'", ConfigLanguage.MailServer) is not { } map)
        {
            return null;
        }

        var host = reader.String(map.Required("host", "e.g. host: mail.example.com"), "host");

        // A server with a wrong port or security is not read further: its user and password would not be used.
        var port = map.Has("port") ? map.Whole("port", MailServer.Ports) : defaultPort;
        var security = port is null ? null : map.Has("security") ? map.Choice("security", MailServer.Securities) : MailSecurity.Auto;
        if (port is null || security is null)
        {
            return null;
        }

        var user = map.Text("user");
        var password = map.Text("password");
        return host is null ? null : new MailServer { Host = host, Port = port.Value, Security = security.Value, User = user, Password = password };
    }
}
