using System.Text.Json.Nodes;

namespace MysteryShopper.Scenarios.Language;

/// <summary>The keys of a scenario file and of its measure, judge and expect entries; the steps are defined with the step language.</summary>
public static class ScenarioLanguage
{
    public const string Description = "A scenario file: who probes which targets with which journey, what to measure and what to expect. Any YAML file of a workspace other than mshop.yaml, targets.yaml, personas.yaml and questions.yaml.";

    // Static fields initialise in order: the lists a key's shape uses come before it.
    /// <summary>The rubrics a <c>judge:</c> entry can name: the built-in ones, and <c>default</c> (the built-in one for the message's kind).</summary>
    public static readonly IReadOnlyList<string> Rubrics = ["default", .. Judging.Quality.Rubrics.Names];

    /// <summary>What each judged email adds as metrics: <c>answer.quality</c> (the card's composite), <c>answer.answered</c>, and so on.</summary>
    public static readonly IReadOnlyList<string> JudgedMetrics = ["quality", "answered", "covered", "personal", "unfilled_placeholder", "one_click_unsubscribe"];

    /// <summary>A measure written as a mapping.</summary>
    public static readonly IReadOnlyList<Key> Measure =
    [
        new("value", "'later - earlier', e.g. answer.received - asked.", Shapes.Ref("measureExpression")) { Required = true },
        new("business_hours", "Count only the target's business hours. Default false.", Shapes.Ref("flag")) { Default = false },
    ];

    /// <summary>How one email is judged.</summary>
    public static readonly IReadOnlyList<Key> Judge =
    [
        new("rubric", "The rubric to judge by: reply, marketing, or default (marketing for marketing mail, reply for the rest).", Shapes.Enum(Rubrics)) { Default = "default" },
        new("weights", "Weights (0 to 100) that replace the rubric's for the parts they name, e.g. { answered: 5, tone: 1 }.", Weights()),
        new("required", "Phrases the email must contain, besides the rubric's own (the phrases part).", Shapes.Ref("textList")),
        new("forbidden", "Phrases the email must not contain, besides the rubric's own (the phrases part).", Shapes.Ref("textList")),
        new("covers", "Check the answer covers the question's must_cover terms.", Shapes.Enum(["question"])),
        new("personal", "Check the answer is addressed to the persona. Default false.", Shapes.Ref("flag")) { Default = false },
    ];

    public static readonly IReadOnlyList<(string Name, Severity Value)> Severities = [("fail", Severity.Fail), ("warn", Severity.Warn)];

    /// <summary>An expectation written as a mapping.</summary>
    public static readonly IReadOnlyList<Key> Expectation =
    [
        new("threshold", "The bound, e.g. \"<= 24h\" or \">= 0.8\".", Shapes.Ref("threshold")) { Required = true },
        new("severity", "fail (the default) or warn.", Shapes.Enum(Severities)) { Default = "fail" },
    ];

    /// <summary>Built-in metrics every probe has, besides the scenario's own measures: the keys <c>expect:</c> names them by.</summary>
    public static readonly IReadOnlyList<Key> BuiltInMetrics =
    [
        new("emails_received", "How many emails the probe received.", Shapes.Ref("expectation")),
        new("email_links_clicked", "How many links from emails the probe opened (click_email_link).", Shapes.Ref("expectation")),
        new("double_opt_in", "1 when signing up needed a confirmation link from an email, else 0.", Shapes.Ref("expectation")),
        new("submit_response", "The time from a submitting step to the confirmation that followed it.", Shapes.Ref("expectation")),
        new("fields_filled", "How many fill, type, select, check and uncheck steps passed.", Shapes.Ref("expectation")),
        new("required_fields", "How many required fields the submitted form had.", Shapes.Ref("expectation")),
        new("steps_to_confirmation", "How many actions passed before the confirmation.", Shapes.Ref("expectation")),
        new("captcha_detected", "1 when a CAPTCHA was seen, else 0.", Shapes.Ref("expectation")),
        new("console_errors", "How many errors the pages wrote to the browser console.", Shapes.Ref("expectation")),
        new("failed_requests", "How many of the pages' requests failed.", Shapes.Ref("expectation")),
        new("dialogs", "How many alert, confirm, prompt and beforeunload dialogs the pages opened.", Shapes.Ref("expectation")),
        new("page_load", "How long pages took to load.", Shapes.Ref("expectation")),
        new("lcp", "Largest contentful paint: when the page's main content showed.", Shapes.Ref("expectation")),
        new("cls", "Cumulative layout shift: how much the page jumped while loading.", Shapes.Ref("expectation")),
        new("follow_ups", "How many messages the company sent unprompted after its answer (the first human message, else the first message).", Shapes.Ref("expectation")),
        new("time_to_follow_up", "The time from the answer to the first follow-up.", Shapes.Ref("expectation")),
        new("follow_up_interval", "The mean time between follow-ups (two or more).", Shapes.Ref("expectation")),
    ];

    /// <summary>What <c>expect:</c> takes besides the built-in metrics: measures, NAME.count, and the judged emails' metrics.</summary>
    public const string MetricPattern = "^([a-z][a-z0-9_-]*|[a-z][a-z0-9_]*\\.(count|quality|answered|covered|personal|unfilled_placeholder|one_click_unsubscribe))$";

    /// <summary>The top level of a scenario file.</summary>
    public static readonly IReadOnlyList<Key> Scenario =
    [
        new("name", "The scenario's unique id, e.g. newsletter-signup: lower-case letters, digits, '-' and '_'.", Shapes.Ref("id")) { Required = true },
        new("description", "What the scenario finds out, for the report.", Shapes.Text),
        new("tags", "Tags to group and filter scenarios by.", Shapes.Ref("textList")),
        new("targets", "The ids of the targets (from targets.yaml) to probe, e.g. [own, rival-a].", Shapes.Json("""{"anyOf": [{"$ref": "#/$defs/id"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/id"}}]}""")) { Required = true },
        new("persona", "The id of the persona (from personas.yaml) who shops. Default: default.", Shapes.Ref("id")) { Default = "default" },
        new("questions", "Questions to ask: ids from questions.yaml, or questions written inline (- text: \"...\"). Steps use {question.text}.", Shapes.Json("""{"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/id"}, {"$ref": "#/$defs/question"}]}}""")),
        new("each_question", "Make one probe per question and target (true, the default), or ask them all in one probe.", Shapes.Ref("flag")) { Default = true },
        new("samples", "How many probes to make of each target (and question), each with its own address: repeated samples give distributions for the report and the baseline's statistics. A whole number from 1 to 50; --samples overrides it. Politeness limits count each one.", Shapes.Json("""{"anyOf": [{"type": "integer", "minimum": 1, "maximum": 50}, {"type": "string", "pattern": "^\\s*\\+?0*([1-9]|[1-4][0-9]|50)(\\.0*)?\\s*$", "patternErrorMessage": "a whole number from 1 to 50"}]}""")) { Default = 1 },
        new("selectors", "Named locators for this scenario's steps; targets can override them.", Shapes.Ref("selectors")),
        new("journey", "The steps each probe takes, in order.", Shapes.Ref("steps")) { Required = true },
        new("measure", "Named durations between two moments: 'later - earlier', e.g. welcome.received - submitted. A moment is a mark, NAME.received (expect_email), NAME.sent (send_email) or probe.started.", Shapes.Map(SharedLanguage.IdPattern, Shapes.Described("A measure: 'later - earlier', or a mapping with 'value' and 'business_hours'.", Shapes.AnyOf(
            Shapes.Described("later - earlier", Shapes.Ref("measureExpression")),
            Shapes.Described("A measure with options.", Shapes.Object(Measure)))))),
        new("judge", "Emails to judge for quality, by their expect_email 'as' name; each gets a quality card and adds NAME.quality, NAME.answered, NAME.covered, NAME.personal, NAME.unfilled_placeholder and NAME.one_click_unsubscribe metrics.", Shapes.Map(SharedLanguage.NamePattern, Shapes.Described("How to judge this email.", Shapes.Object(Judge)))),
        new("expect", "Thresholds the metrics must meet: the scenario's measures, built-in metrics such as page_load or emails_received, NAME.count (collect_emails), NAME.quality, NAME.answered, NAME.covered, NAME.personal and the other judged emails' metrics.", Expect()),
    ];

    /// <summary>The shapes a scenario's keys refer to besides the shared ones and the steps'.</summary>
    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("measureExpression", "'later - earlier' with marks, NAME.received, NAME.sent or probe.started.", Shapes.Json("""{"type": "string", "pattern": "^\\s*(probe\\.started|[a-z][a-z0-9_]*(\\.(received|sent))?)\\s*-\\s*(probe\\.started|[a-z][a-z0-9_]*(\\.(received|sent))?)\\s*$", "patternErrorMessage": "write 'later - earlier' with mark names, NAME.received, NAME.sent or probe.started, e.g. 'welcome.received - submitted'"}""")),
        new("threshold", "An operator (<, <=, >, >=, ==) and a number or a duration, e.g. \"< 5s\", \">= 7\".", Shapes.Json("""{"type": "string", "pattern": "^\\s*(<=|>=|==|<|>)\\s*([-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|(\\d+(\\.\\d+)?(ms|s|m|h|d))+)\\s*$", "patternErrorMessage": "write an operator and a value, e.g. \"< 5s\", \"<= 24h\", \">= 7\""}""")),
        new("expectation", "A threshold such as \"< 24h\", or a mapping with 'threshold' and 'severity'.", Shapes.AnyOf(
            Shapes.Described("The bound, e.g. \"< 5s\".", Shapes.Ref("threshold")),
            Shapes.Described("An expectation with a severity.", Shapes.Object(Expectation)))),
    ];

    /// <summary>A judge entry's weights: a part the rubric weighs, each 0 to 100.</summary>
    private static JsonObject Weights()
    {
        var parts = new JsonObject();
        foreach (var part in Judging.Quality.Rubric.ScoredParts)
        {
            parts[part] = new JsonObject { ["description"] = $"The weight of the {part} part, 0 to 100 (0 leaves it out).", ["type"] = "number", ["minimum"] = 0, ["maximum"] = 100 };
        }

        return new JsonObject { ["type"] = "object", ["properties"] = parts, ["additionalProperties"] = false };
    }

    private static JsonObject Expect()
    {
        var expect = Shapes.Object(BuiltInMetrics);
        expect.Remove("additionalProperties");
        expect["patternProperties"] = new JsonObject { [MetricPattern] = Shapes.Ref("expectation") };
        expect["additionalProperties"] = false;
        return expect;
    }
}
