using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Cli.Running;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// A scratch workspace for the durable-run tests (mshop.yaml, targets with support addresses, a persona, scenarios)
/// and what the tests do in it with real mshop processes: serve the demo, run, collect.
/// </summary>
public static class DurableWorkspace
{
    public static readonly TimeSpan RunPatience = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan CommandPatience = TimeSpan.FromSeconds(60);

    /// <summary>Asks Corvid through the contact form, then waits for the person's answer (the next day, scaled).</summary>
    public const string AskCorvid = """
        name: ask-corvid
        targets: [corvid]
        persona: default
        journey:
          - goto: "{target.url}/contact"
          - fill: { label: "Name", value: "{persona.name}" }
          - fill: { label: "Email", value: "{probe.email}" }
          - fill: { label: "Message", value: "Do you offer an annual plan, and what discount would 20 seats get?" }
          - mark: asked
          - click: { role: button, name: "Send", submit: true }
          - expect_text: "Thank you"
          - expect_email: { as: ack, within: 10m, kind: auto }
          - expect_email: { as: answer, within: 2d, kind: human }
        measure:
          first_reply: answer.received - asked
        """;

    /// <summary>Signs up for Brightwave's newsletter (a screenshot at page_loaded, then the submit) and waits for the welcome.</summary>
    public const string SignUp = """
        name: sign-up
        targets: [brightwave]
        persona: default
        journey:
          - goto: "{target.url}/newsletter"
          - mark: page_loaded
          - fill: { label: "Name", value: "{persona.name}" }
          - fill: { label: "Email", value: "{probe.email}" }
          - check: { label: "Send me the newsletter" }
          - click: { role: button, name: "Subscribe", submit: true }
          - expect_email: { as: welcome, within: 1m }
        """;

    /// <summary>Looks at a contact page and sends nothing: a cheap probe.</summary>
    public static string Look(string name, string target) => $$"""
        name: {{name}}
        targets: [{{target}}]
        persona: default
        journey:
          - goto: "{target.url}/contact"
          - expect_text: "Get in touch"
        """;

    public static string Create(string name, IReadOnlyDictionary<string, string> scenarios, string? corvidLimits = null, string config = "run: { parallel: 1 }\n")
    {
        var folder = TestPaths.NewScratch(name);
        File.WriteAllText(Path.Combine(folder, "mshop.yaml"), config);
        var limits = corvidLimits is null ? "" : $"\n    limits: {corvidLimits}";
        File.WriteAllText(Path.Combine(folder, "targets.yaml"), $$"""
            targets:
              brightwave:
                name: Brightwave
                role: own
                url: demo://brightwave
                domains: [brightwave.example]
                emails: { support: support@brightwave.example }
              corvid:
                name: Corvid & Co
                role: competitor
                url: demo://corvid
                domains: [corvid.example]
                emails: { support: support@corvid.example }{{limits}}
            """);
        File.WriteAllText(Path.Combine(folder, "personas.yaml"), """
            personas:
              default:
                name: Alex Morgan
                company: Fernhill Consulting
            """);
        foreach (var (file, text) in scenarios)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        return folder;
    }

    /// <summary>`mshop demo serve --verbose` in the workspace (verbose: it logs every form submission it takes), once it has announced itself.</summary>
    public static async Task<MshopChild> ServeAsync(string workspace, double timeScale)
    {
        var serve = MshopChild.Start(workspace, "demo", "serve", "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture), "--verbose");
        await serve.WaitForAsync(() => File.Exists(ServedDemo.DiscoveryFile(workspace)), CommandPatience, "the served demo's discovery file");
        return serve;
    }

    /// <summary>How many contact-form submissions the served demo took from <paramref name="email"/> (its own log).</summary>
    public static int ContactSubmissions(MshopChild serve, string email) =>
        serve.Output.Split('\n').Count(l => l.Contains("got a contact submission from " + email, StringComparison.Ordinal));

    public static string Maildir(string workspace) => Path.Combine(workspace, ".mshop", "mail");

    /// <summary>`mshop collect` again and again until nothing awaits or <paramref name="bound"/> has passed; the passes.</summary>
    public static async Task<List<MshopChild>> CollectUntilSettledAsync(string workspace, TimeSpan bound)
    {
        var passes = new List<MshopChild>();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var collect = await MshopChild.RunAsync(workspace, CommandPatience, "collect");
            passes.Add(collect);
            Assert.That(collect.ExitCode, Is.AnyOf(0, 1), collect.Transcript);
            Assert.That(collect.Error, Does.Not.Contain("   at "), "no stack trace\n" + collect.Transcript);
            if (collect.Output.Contains("none awaiting", StringComparison.Ordinal) || Stopwatch.GetElapsedTime(started) > bound)
            {
                return passes;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Waits (bounded) until the Maildir holds a message to <paramref name="address"/> that satisfies <paramref name="match"/>.</summary>
    public static async Task WaitForMailAsync(string workspace, string address, Func<MimeKit.MimeMessage, bool> match, TimeSpan patience)
    {
        var started = Stopwatch.GetTimestamp();
        var folder = Path.Combine(Maildir(workspace), "new");
        while (Stopwatch.GetElapsedTime(started) < patience)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)) && match(message))
                    {
                        return;
                    }
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no matching message to {address} in {folder} within {patience.TotalSeconds} s");
    }
}
