using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MysteryShopper.Scenarios;
using MysteryShopper.Scenarios.Language;
using MysteryShopper.Tests.Reporting;

namespace MysteryShopper.Tests.Schema;

/// <summary>
/// The JSON Schemas in schema/ (generated from the language's definitions, see <see cref="SchemaGeneratorTests"/>) agree
/// with what SuiteLoader accepts: the examples and a workspace that uses every step and option pass both, broken
/// documents fail both.
/// </summary>
public class SchemaTests
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    private static string ExamplesFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");

    // ---------------------------------------------------------------- a workspace that uses every step and option

    private static readonly (string File, string Yaml)[] RichWorkspace =
    [
        ("mshop.yaml", """
            addresses: shopper+{token}@inbox.example.com
            mailbox:
              maildir: /var/mail/shopper
            browser:
              executable: /usr/bin/chromium
              headless: false
            run:
              parallel: 4
              step_timeout: 30s
            reports:
              out: reports
              formats: [html, md, json, junit]
            """),
        ("targets.yaml", """
            targets:
              own:
                name: Own Co
                role: own
                url: https://own.example
                domains: [own.example]
                emails:
                  support: support@own.example
                timezone: Europe/London
                business_hours: "Mon-Thu 09:00-17:30, Fri 09:00-16:00"
                limits:
                  probes_per_day: 5
                  min_gap: 1h
                tags: [uk]
                selectors:
                  email_field: { label: "Email address" }
                overrides:
                  everything:
                    selectors:
                      send_button: { role: button, name: "Go" }
                    replace:
                      accept_cookies: skip
                      open_contact: { goto: "{target.url}/kontakt" }
                    insert_after:
                      open_contact:
                        - wait: 1s
                        - dismiss_cookies: reject
              rival-a:
                role: competitor
                url: demo://corvid
                business_hours: Mon-Fri 09:00-17:00
                selectors:
                  email_field: Email
              staging:
                role: own
                url: "${env:OWN_STAGING_URL}"
                emails:
                  sales: "${env:OWN_SALES_EMAIL}"
                business_hours: mon 8:00-12:00
                limits: { probes_per_day: "2" }
                selectors:
                  email_field: { placeholder: "you@example.com", exact: true }
            """),
        ("personas.yaml", """
            personas:
              default:
                name: Alex Morgan
                first_name: Alex
                last_name: Morgan
                company: Fernhill Consulting
                phone: "+44 20 7946 0321"
                locale: en-GB
                timezone: Europe/London
                device: iPhone 13
              robin:
                name: Robin Park
                device: Galaxy S9+
                locale: de-DE
            """),
        ("questions.yaml", """
            questions:
              annual-plan:
                text: "Do you offer an annual plan?"
                must_cover: [annual, { discount: [reduction, "% off"] }]
                tags: pricing
            """),
        ("everything.yaml", """
            name: everything
            description: Every step keyword at least once.
            tags: [demo, all]
            targets: [own, rival-a, staging]
            persona: default
            questions: [annual-plan]
            each_question: true
            selectors:
              send_button: { role: button, name: "Send" }
            journey:
              - goto: "{target.url}/contact"
                id: open_contact
              - dismiss_cookies:
                id: accept_cookies
                optional: true
              - fill: { selector: email_field, value: "{probe.email}" }
              - type: { label: "Message", value: "{question.text}", delay: 80ms }
              - select: { label: "Topic", option: "Pricing" }
              - check: { label: "I agree" }
              - uncheck: { text: "Send me offers", exact: true }
              - hover: Products
              - press: Tab
              - press: { key: Enter, placeholder: "Search" }
              - mark: asked
              - click: { selector: send_button }
                submit: true
                timeout: 20s
              - wait: { for: 500ms }
              - expect_text: "Thank you"
              - expect_url: { contains: "/thanks" }
              - expect_url: { regex: "thanks|danke" }
              - expect_visible: { css: "div.confirmation" }
              - screenshot: confirmation
              - extract: { test_id: "ticket", as: ticket, pattern: "#(\\d+)" }
              - frame:
                  css: "iframe#chat"
                  steps:
                    - fill: { placeholder: "Your message", value: "Ticket {vars.ticket}" }
                    - click: { text: Send, submit: true }
              - send_email: { to: support, subject: "Question", body: "{question.text}", as: mailed }
              - expect_email: { as: answer, within: 2d, kind: human, from: own }
              - click_email_link: { email: answer, text: "details", optional: true }
              - collect_emails: { for: 7d, as: week }
              - reply: { email: answer, body: "And for 50 seats?", subject: "Re: {question.text}", html: "<p>And for 50 seats?</p>", quote: true, as: followup }
              - expect_email: { as: newsletter, within: 3d, kind: marketing }
              - unsubscribe: { email: newsletter, as: left }
              - expect_no_email: { for: 2d, after: left, from: own, subject: deals }
            measure:
              answer_time: answer.received - asked
              followup_to_left: left - followup.sent
              mail_answer_time: { value: answer.received - mailed.sent, business_hours: true }
              since_start: asked - probe.started
            judge:
              answer: { rubric: default, covers: question, personal: true }
            expect:
              answer_time: "< 24h"
              mail_answer_time: { threshold: "<= 8h", severity: warn }
              week.count: "<= 10"
              answer.covered: ">= 0.5"
              emails_received: ">= 1"
            """),
        ("shapes.yaml", """
            name: shapes
            targets: own
            persona: robin
            tags: smoke
            questions:
              - text: "Can I pay yearly?"
                must_cover: [yearly, { discount: reduction }]
              - annual-plan
            each_question: no
            journey:
              - goto: { url: "{target.url}", id: home, timeout: 20s }
              - dismiss_cookies: { choice: reject, optional: yes }
              - dismiss_cookies: accept
              - mark: start
              - click: Subscribe
              - click: { role: link, name: "Pricing", exact: true, submit: false }
              - expect_visible: Thanks
              - expect_text: { text: "{question.text}", timeout: 5s }
              - wait: 2s
              - expect_url: "/pricing"
              - type: { role: textbox, name: "Message", value: "{question.text}" }
              - press: { key: Enter, role: textbox, name: "Message", optional: true }
              - send_email: { to: "sales@own.example", subject: Hi, body: Hello, html: "<p>Hello</p>", submit: true }
              - expect_email: { as: reply, within: 1h30m, kind: auto, subject: "re", body: "thanks", optional: true }
              - click_email_link: { email: reply, url: "/confirm", optional: true }
              - collect_emails: { for: 3d }
              - mark: finish
                id: done
            measure:
              total: finish - start
            expect:
              total: { threshold: "< 1m" }
              email_links_clicked: "== 1"
              collected.count: ">= 0"
            """),
    ];

    private static readonly Dictionary<string, string> EnvironmentVariables = new()
    {
        ["OWN_STAGING_URL"] = "https://staging.own.example",
        ["OWN_SALES_EMAIL"] = "sales@own.example",
    };

    private static IEnumerable<TestCaseData> RichFiles() =>
        RichWorkspace.Select(f => new TestCaseData(f.File, f.Yaml).SetArgDisplayNames(f.File));

    private static LoadResult LoadWorkspace(IEnumerable<(string File, string Yaml)> files) =>
        SuiteLoader.Load(files.Select(f => new SourceFile(f.File, f.Yaml)), name => EnvironmentVariables.GetValueOrDefault(name));

    // ---------------------------------------------------------------- broken documents: (kind, what is wrong, YAML)

    private static IEnumerable<TestCaseData> BrokenDocuments()
    {
        static TestCaseData Case(string kind, string what, string yaml) =>
            new TestCaseData(kind, yaml).SetArgDisplayNames($"{kind}: {what}");

        yield return Case("scenario", "unknown step keyword", """
            name: broken
            targets: [own]
            journey:
              - clik: Send
            """);
        yield return Case("scenario", "step that is not a mapping", """
            name: broken
            targets: [own]
            journey:
              - goto
            """);
        yield return Case("scenario", "unknown scenario key", """
            name: broken
            descripton: typo
            targets: [own]
            journey:
              - goto: "{target.url}"
            """);
        yield return Case("scenario", "unknown key in a step's mapping", """
            name: broken
            targets: [own]
            journey:
              - fill: { label: Email, value: x, colour: red }
            """);
        yield return Case("scenario", "missing name", """
            targets: [own]
            journey:
              - goto: "{target.url}"
            """);
        yield return Case("scenario", "missing journey", """
            name: broken
            targets: [own]
            """);
        yield return Case("scenario", "missing targets", """
            name: broken
            journey:
              - goto: "{target.url}"
            """);
        yield return Case("scenario", "empty targets", """
            name: broken
            targets: []
            journey:
              - goto: "{target.url}"
            """);
        yield return Case("scenario", "empty journey", """
            name: broken
            targets: [own]
            journey: []
            """);
        yield return Case("scenario", "scenario name that is not an id", """
            name: Newsletter Signup
            targets: [own]
            journey:
              - goto: "{target.url}"
            """);
        yield return Case("scenario", "expect_email without within", """
            name: broken
            targets: [own]
            journey:
              - expect_email: { as: welcome }
            """);
        yield return Case("scenario", "fill without value", """
            name: broken
            targets: [own]
            journey:
              - fill: { label: Email }
            """);
        yield return Case("scenario", "bad duration 10 sec", """
            name: broken
            targets: [own]
            journey:
              - wait: 10 sec
            """);
        yield return Case("scenario", "bad duration in within", """
            name: broken
            targets: [own]
            journey:
              - expect_email: { as: welcome, within: 10 sec }
            """);
        yield return Case("scenario", "zero duration", """
            name: broken
            targets: [own]
            journey:
              - wait: 0s
            """);
        yield return Case("scenario", "bad timeout modifier", """
            name: broken
            targets: [own]
            journey:
              - click: Send
                timeout: soon
            """);
        yield return Case("scenario", "wrong ARIA role", """
            name: broken
            targets: [own]
            journey:
              - click: { role: buton, name: Send }
            """);
        yield return Case("scenario", "two step keywords in one step", """
            name: broken
            targets: [own]
            journey:
              - click: Send
                fill: { label: Email, value: x }
            """);
        yield return Case("scenario", "two ways to find the element", """
            name: broken
            targets: [own]
            journey:
              - click: { label: Send, text: Send }
            """);
        yield return Case("scenario", "no way to find the element", """
            name: broken
            targets: [own]
            journey:
              - click: { exact: true }
            """);
        yield return Case("scenario", "name without role", """
            name: broken
            targets: [own]
            journey:
              - click: { text: Send, name: Send }
            """);
        yield return Case("scenario", "submit on a step that sends nothing", """
            name: broken
            targets: [own]
            journey:
              - mark: sent
                submit: true
            """);
        yield return Case("scenario", "optional that is not true or false", """
            name: broken
            targets: [own]
            journey:
              - click: Send
                optional: perhaps
            """);
        yield return Case("scenario", "step id that is not a name", """
            name: broken
            targets: [own]
            journey:
              - goto: "{target.url}"
                id: Open-Page
            """);
        yield return Case("scenario", "mark name that is not a name", """
            name: broken
            targets: [own]
            journey:
              - mark: Submitted
            """);
        yield return Case("scenario", "goto inside a frame", """
            name: broken
            targets: [own]
            journey:
              - frame: { css: iframe, steps: [ { goto: "{target.url}" } ] }
            """);
        yield return Case("scenario", "expect_url with contains and regex", """
            name: broken
            targets: [own]
            journey:
              - expect_url: { contains: /a, regex: b }
            """);
        yield return Case("scenario", "unknown dismiss_cookies choice", """
            name: broken
            targets: [own]
            journey:
              - dismiss_cookies: maybe
            """);
        yield return Case("scenario", "unknown email kind", """
            name: broken
            targets: [own]
            journey:
              - expect_email: { as: welcome, within: 1m, kind: robot }
            """);
        yield return Case("scenario", "bad measure expression", """
            name: broken
            targets: [own]
            journey:
              - mark: submitted
            measure:
              t: submitted + 5
            """);
        yield return Case("scenario", "bad threshold", """
            name: broken
            targets: [own]
            journey:
              - mark: a
              - mark: b
            measure:
              t: b - a
            expect:
              t: about 5s
            """);
        yield return Case("scenario", "unknown severity", """
            name: broken
            targets: [own]
            journey:
              - mark: a
              - mark: b
            measure:
              t: b - a
            expect:
              t: { threshold: "< 5s", severity: fatal }
            """);
        yield return Case("scenario", "unknown judge key", """
            name: broken
            targets: [own]
            journey:
              - expect_email: { as: welcome, within: 1m }
            judge:
              welcome: { tone: friendly }
            """);

        yield return Case("targets", "wrong role", """
            targets:
              own: { role: partner, url: "https://own.example" }
            """);
        yield return Case("targets", "missing url", """
            targets:
              own: { role: own }
            """);
        yield return Case("targets", "missing role", """
            targets:
              own: { url: "https://own.example" }
            """);
        yield return Case("targets", "url that is not http(s)", """
            targets:
              own: { role: own, url: "ftp://own.example" }
            """);
        yield return Case("targets", "unknown target key", """
            targets:
              own: { role: own, url: "https://own.example", colour: red }
            """);
        yield return Case("targets", "target id that is not an id", """
            targets:
              Own Co: { role: own, url: "https://own.example" }
            """);
        yield return Case("targets", "bad business hours", """
            targets:
              own: { role: own, url: "https://own.example", business_hours: weekdays }
            """);
        yield return Case("targets", "probes_per_day zero", """
            targets:
              own: { role: own, url: "https://own.example", limits: { probes_per_day: 0 } }
            """);
        yield return Case("targets", "bad min_gap", """
            targets:
              own: { role: own, url: "https://own.example", limits: { min_gap: 1 hour } }
            """);
        yield return Case("targets", "bad email address", """
            targets:
              own: { role: own, url: "https://own.example", emails: { support: not-an-address } }
            """);
        yield return Case("targets", "selector that refers to a selector", """
            targets:
              own: { role: own, url: "https://own.example", selectors: { a: { selector: b } } }
            """);
        yield return Case("targets", "replace with a word other than skip", """
            targets:
              own:
                role: own
                url: https://own.example
                overrides:
                  signup: { replace: { open: later } }
            """);
        yield return Case("targets", "insert_after skip", """
            targets:
              own:
                role: own
                url: https://own.example
                overrides:
                  signup: { insert_after: { open: skip } }
            """);
        yield return Case("targets", "unknown step keyword in an override", """
            targets:
              own:
                role: own
                url: https://own.example
                overrides:
                  signup: { replace: { open: { goto_url: "https://own.example" } } }
            """);

        yield return Case("personas", "missing name", """
            personas:
              default: { company: Fernhill }
            """);
        yield return Case("personas", "unknown device", """
            personas:
              default: { name: Alex Morgan, device: Nokia 3310 }
            """);
        yield return Case("personas", "locale that is not a language tag", """
            personas:
              default: { name: Alex Morgan, locale: english }
            """);
        yield return Case("personas", "unknown persona key", """
            personas:
              default: { name: Alex Morgan, email: alex@example.com }
            """);

        yield return Case("questions", "missing text", """
            questions:
              annual: { must_cover: [annual] }
            """);
        yield return Case("questions", "must_cover item with two terms", """
            questions:
              annual: { text: "Annual plan?", must_cover: [{ annual: yearly, discount: off }] }
            """);
        yield return Case("questions", "must_cover that is not a list", """
            questions:
              annual: { text: "Annual plan?", must_cover: annual }
            """);

        yield return Case("config", "parallel above 64", """
            run: { parallel: 100 }
            """);
        yield return Case("config", "unknown report format", """
            reports: { formats: [html, pdf] }
            """);
        yield return Case("config", "addresses without {token}", """
            addresses: shopper@example.com
            """);
        yield return Case("config", "unknown key in a section", """
            browser: { headles: true }
            """);
        yield return Case("config", "bad step_timeout", """
            run: { step_timeout: soon }
            """);
    }

    // ---------------------------------------------------------------- the examples

    private static IEnumerable<TestCaseData> ExampleFiles() =>
        Directory.EnumerateFiles(ExamplesFolder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileName(f)).SetArgDisplayNames(Path.GetFileName(f)));

    [Test]
    public void ExampleFiles_InTheOutputFolder_IncludeAScenarioTargetsAndPersonas()
    {
        var kinds = Directory.EnumerateFiles(ExamplesFolder, "*.yaml").Select(f => SchemaFiles.KindOf(Path.GetFileName(f)));

        Assert.That(kinds, Is.SupersetOf(new[] { "scenario", "targets", "personas" }));
    }

    [TestCaseSource(nameof(ExampleFiles))]
    public void ExampleFile_ValidatedAgainstItsKindsSchema_HasNoErrors(string file)
    {
        var errors = SchemaValidator.Errors(SchemaFiles.KindOf(file), File.ReadAllText(Path.Combine(ExamplesFolder, file)));

        Assert.That(errors, Is.Empty);
    }

    [TestCaseSource(nameof(ExampleFiles))]
    public void ExampleFile_FirstLine_IsTheModelineOfItsKindsSchema(string file)
    {
        var kind = SchemaFiles.KindOf(file);

        var firstLine = File.ReadLines(Path.Combine(ExamplesFolder, file)).First();

        Assert.That(firstLine, Is.EqualTo($"# yaml-language-server: $schema=../schema/{kind}.schema.json"));
        Assert.That(Path.Combine(SchemaFiles.RepositoryRoot, "scenarios", $"../schema/{kind}.schema.json"), Does.Exist);
    }

    // ---------------------------------------------------------------- valid and broken documents, schema and loader alike

    [TestCaseSource(nameof(RichFiles))]
    public void RichWorkspaceFile_ValidatedAgainstItsKindsSchema_HasNoErrors(string file, string yaml)
    {
        var errors = SchemaValidator.Errors(SchemaFiles.KindOf(file), yaml);

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void RichWorkspace_LoadedBySuiteLoader_HasNoDiagnostics()
    {
        var result = LoadWorkspace(RichWorkspace);

        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Suite!.Scenarios.SelectMany(s => ScenarioReader.Flatten(s.Journey)).Select(s => s.Keyword).Distinct(),
            Is.EquivalentTo(StepReader.Keywords), "the rich workspace should use every step keyword");
    }

    [TestCaseSource(nameof(BrokenDocuments))]
    public void BrokenDocument_ValidatedAgainstItsKindsSchema_IsRejected(string kind, string yaml)
    {
        var errors = SchemaValidator.Errors(kind, yaml);

        Assert.That(errors, Is.Not.Empty);
    }

    [TestCaseSource(nameof(BrokenDocuments))]
    public void BrokenDocument_LoadedBySuiteLoader_IsRejectedToo(string kind, string yaml)
    {
        // A broken scenario joins the rich workspace (its targets and personas); other kinds are loaded alone.
        var file = kind switch
        {
            "scenario" => "broken.yaml",
            "config" => "mshop.yaml",
            _ => $"{kind}.yaml",
        };
        var result = LoadWorkspace(kind == "scenario" ? [.. RichWorkspace, (file, yaml)] : [(file, yaml)]);

        Assert.That(result.Diagnostics.Where(d => d.File == file), Is.Not.Empty);
    }

    // ---------------------------------------------------------------- the schema files themselves

    [Test]
    public void SchemaFolder_Files_AreOnePerKindOfWorkspaceFile_AndTheResultsExport()
    {
        var files = Directory.EnumerateFiles(SchemaFiles.Folder).Select(Path.GetFileName);

        Assert.That(files, Is.EquivalentTo(SchemaFiles.Kinds.Select(k => $"{k}.schema.json").Append("results.schema.json")));
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public void SchemaFile_Parsed_IsDraft202012WithIdTitleAndDescription(string kind)
    {
        var schema = SchemaFiles.Read(kind);

        Assert.That(schema["$schema"]?.GetValue<string>(), Is.EqualTo(Draft202012));
        Assert.That(schema["$id"]?.GetValue<string>(), Is.EqualTo($"urn:mysteryshopper:schema:{kind}"));
        Assert.That(schema["title"]?.GetValue<string>(), Is.Not.Empty);
        Assert.That(schema["description"]?.GetValue<string>(), Is.Not.Empty);
        Assert.That(schema["type"]?.GetValue<string>(), Is.EqualTo("object"));
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public void SchemaFile_EveryProperty_HasADescriptionForTheEditor(string kind)
    {
        var schema = SchemaFiles.Read(kind);

        var properties = SchemaWalker.Subschemas(schema)
            .SelectMany(s => new[] { "properties", "patternProperties" }
                .SelectMany(k => (s.Schema[k] as JsonObject ?? []).Select(p => (Pointer: $"{s.Pointer}/{k}/{p.Key}", Schema: (JsonObject)p.Value!))))
            .ToList();
        var undescribed = properties.Where(p => Description(schema, p.Schema) is null).Select(p => p.Pointer);

        Assert.That(properties, Is.Not.Empty);
        Assert.That(undescribed, Is.Empty);
    }

    // An editor shows a property's own description, or else that of the definition it refers to.
    private static string? Description(JsonObject document, JsonObject? schema)
    {
        for (var depth = 0; schema is not null && depth < 10; depth++)
        {
            if (schema["description"]?.GetValue<string>() is { Length: > 0 } description)
            {
                return description;
            }

            schema = schema["$ref"]?.GetValue<string>() is { } reference ? SchemaWalker.Resolve(document, reference) : null;
        }

        return null;
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public void SchemaFile_Keywords_AreOnesTheTestValidatorEnforces(string kind)
    {
        var schema = SchemaFiles.Read(kind);

        var unknown = SchemaWalker.Subschemas(schema)
            .SelectMany(s => s.Schema.Select(k => k.Key).Where(k => !SchemaWalker.KnownKeywords.Contains(k)).Select(k => $"{s.Pointer}/{k}"));

        Assert.That(unknown, Is.Empty, "NJsonSchema may ignore these; check that it enforces them before adding them to SchemaWalker.KnownKeywords");
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public void SchemaFile_EveryRef_PointsAtADefinitionInTheSameFile(string kind)
    {
        var schema = SchemaFiles.Read(kind);

        var dangling = SchemaWalker.Subschemas(schema)
            .Select(s => s.Schema["$ref"]?.GetValue<string>())
            .OfType<string>()
            .Where(r => SchemaWalker.Resolve(schema, r) is null);

        Assert.That(dangling, Is.Empty);
    }

    // ---------------------------------------------------------------- metrics by pattern

    private static IEnumerable<string> PropertyNames(JsonNode schema) => schema["properties"]!.AsObject().Select(p => p.Key);

    [Test]
    public void Expect_Keys_AreTheBuiltInMetricsAndAPatternForEveryOtherMetric()
    {
        var expect = SchemaFiles.Read("scenario")["properties"]!["expect"]!;
        var pattern = new Regex(expect["patternProperties"]!.AsObject().Single().Key, RegexOptions.CultureInvariant);
        string[] derived = ["time_to-reply", "week.count", .. ScenarioLanguage.JudgedMetrics.Select(m => $"welcome.{m}")];

        Assert.That(PropertyNames(expect), Is.EquivalentTo(ScenarioReader.BuiltInMetrics));
        Assert.That(ScenarioReader.BuiltInMetrics.Concat(derived).Where(m => !pattern.IsMatch(m)), Is.Empty);
        Assert.That(new[] { "Week.count", "welcome.score", "a b" }.Where(m => pattern.IsMatch(m)), Is.Empty);
    }

    // ---------------------------------------------------------------- what mshop embeds and prints

    [Test]
    public void EmbeddedSchemas_InMshop_AreTheSchemaFolderByteForByte()
    {
        var embedded = Mshop.Resources("schema/");

        Assert.That(embedded.Keys, Is.EquivalentTo(SchemaFiles.Kinds.Select(k => $"schema/{k}.schema.json")));
        Assert.Multiple(() =>
        {
            foreach (var kind in SchemaFiles.Kinds)
            {
                Assert.That(embedded[$"schema/{kind}.schema.json"], Is.EqualTo(File.ReadAllText(SchemaFiles.PathOf(kind))),
                    $"{kind}: rebuild mshop (dotnet build MysteryShopper.sln) after changing schema/");
            }
        });
    }

    [Test]
    public async Task SchemaCommand_NoKind_PrintsTheScenarioSchema()
    {
        var (exit, output, error) = await Mshop.SchemaAsync();

        Assert.That((exit, error), Is.EqualTo((0, "")));
        Assert.That(output, Is.EqualTo(File.ReadAllText(SchemaFiles.PathOf("scenario"))));
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public async Task SchemaCommand_Kind_PrintsThatKindsSchema(string kind)
    {
        var (exit, output, error) = await Mshop.SchemaAsync(kind);

        Assert.That((exit, error), Is.EqualTo((0, "")));
        Assert.That(output, Is.EqualTo(File.ReadAllText(SchemaFiles.PathOf(kind))));
    }

    [Test]
    public async Task SchemaCommand_UnknownKind_ExitsInvalidInputWithDidYouMean()
    {
        var (exit, output, error) = await Mshop.SchemaAsync("scenaro");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown schema 'scenaro'").And.Contain("did you mean 'scenario'?"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task SchemaCommand_Out_WritesEverySchemaAndPrintsTheirPaths()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "schema");

        var (exit, output, error) = await Mshop.SchemaAsync("--out", folder);

        Assert.That((exit, error), Is.EqualTo((0, "")));
        var expected = SchemaFiles.Kinds.Select(k => Path.Combine(folder, $"{k}.schema.json")).ToList();
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EqualTo(expected));
        Assert.Multiple(() =>
        {
            foreach (var kind in SchemaFiles.Kinds)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(folder, $"{kind}.schema.json")), Is.EqualTo(File.ReadAllBytes(SchemaFiles.PathOf(kind))), kind);
            }
        });
    }

    [Test]
    public async Task SchemaCommand_KindWithOut_ExitsInvalidInput()
    {
        using var temp = new TempFolder();

        var (exit, _, error) = await Mshop.SchemaAsync("targets", "--out", temp.Path);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--out writes every schema"));
        Assert.That(temp.Path, Does.Not.Exist);
    }
}
