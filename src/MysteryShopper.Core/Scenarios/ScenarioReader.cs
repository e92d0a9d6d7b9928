using MysteryShopper.Judging;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads one scenario file and checks that everything it refers to is defined before it is used.</summary>
public sealed class ScenarioReader(YamlReader reader, WorkspaceReader workspace)
{
    public static readonly IReadOnlyList<string> Keys =
        ["name", "description", "tags", "targets", "persona", "questions", "each_question", "selectors", "journey", "measure", "judge", "expect"];

    /// <summary>Built-in metrics every probe has, besides the scenario's own measures.</summary>
    public static readonly IReadOnlyList<string> BuiltInMetrics =
    [
        "emails_received", "email_links_clicked", "double_opt_in", "submit_response", "fields_filled", "required_fields",
        "steps_to_confirmation", "captcha_detected", "console_errors", "failed_requests", "dialogs", "page_load", "lcp", "cls",
    ];

    /// <summary>The rubrics a <c>judge:</c> entry can name.</summary>
    public static readonly IReadOnlyList<string> Rubrics = ["default"];

    /// <summary>What each judged email adds as metrics: <c>answer.covered</c> (share of must_cover terms), <c>answer.personal</c>.</summary>
    public static readonly IReadOnlyList<string> JudgedMetrics = ["covered", "personal"];

    private readonly StepReader _steps = new(reader);

    public ScenarioDefinition? Read(YamlNode root, List<Diagnostic> diagnostics)
    {
        if (reader.Mapping(root, "a scenario file") is not { } map)
        {
            return null;
        }

        var before = diagnostics.Count;
        reader.CheckKeys(map, "a scenario", Keys);
        var nameNode = reader.Required(map, "name", "the scenario", "add a name, e.g. name: newsletter-signup");
        var name = nameNode is null ? null : WorkspaceReader.ReadId(reader, nameNode, "scenario");
        var description = reader.String(YamlReader.Child(map, "description"), "description") ?? "";
        var tags = reader.Scalars(YamlReader.Child(map, "tags"), "tags").Select(t => t.Value ?? "").ToList();

        var targetsNode = reader.Required(map, "targets", "the scenario", "list the target ids to probe, e.g. targets: [own, rival-a]");
        var targets = reader.Scalars(targetsNode, "targets").Select(t => new NameRef(t.Value ?? "", reader.Place(t))).ToList();
        if (targets.Count == 0 && targetsNode is YamlScalarNode or YamlSequenceNode { Children.Count: 0 })
        {
            reader.Error(targetsNode, "targets is empty", "list at least one target id");
        }

        var personaNode = YamlReader.Child(map, "persona");
        var persona = personaNode is null
            ? new NameRef("default", reader.Place(map))
            : new NameRef(reader.String(personaNode, "persona") ?? "default", reader.Place(personaNode));
        workspace.CheckReferences(reader, targets, persona);

        var questions = ReadQuestions(YamlReader.Child(map, "questions"));

        // Questions that are written but have errors (already reported) still count: no second error for {question.text}.
        var hasQuestions = questions.Count > 0 || YamlReader.Child(map, "questions") is YamlSequenceNode { Children.Count: > 0 };
        var eachQuestion = reader.Bool(YamlReader.Child(map, "each_question"), "each_question") ?? true;
        var selectors = WorkspaceReader.ReadSelectors(reader, _steps, YamlReader.Child(map, "selectors"));

        var journeyNode = reader.Required(map, "journey", "the scenario", "add the steps, e.g. journey: [ { goto: \"{target.url}\" } ]");
        var journey = journeyNode is null ? [] : _steps.ReadList(journeyNode, "journey");
        var names = CheckJourney(journey, hasQuestions);
        var measures = ReadMeasures(YamlReader.Child(map, "measure"), names);
        var judging = ReadJudging(YamlReader.Child(map, "judge"), names, hasQuestions);
        var metrics = measures.Select(m => m.Name)
            .Concat(BuiltInMetrics)
            .Concat(Named(names, NameKind.Collection).Select(n => $"{n}.count"))
            .Concat(judging.SelectMany(j => JudgedMetrics.Select(m => $"{j.Email}.{m}")))
            .ToList();
        var expectations = ReadExpectations(YamlReader.Child(map, "expect"), metrics, judging);

        if (diagnostics.Count > before || name is null)
        {
            return null;
        }

        return new ScenarioDefinition
        {
            Name = name,
            NamePlace = reader.Place(nameNode!),
            Description = description,
            File = reader.File,
            Tags = tags,
            Targets = targets,
            Persona = persona,
            Questions = questions,
            EachQuestion = eachQuestion,
            Selectors = selectors,
            Journey = journey,
            Measures = measures,
            Judging = judging,
            Expectations = expectations,
        };
    }

    private List<QuestionDefinition> ReadQuestions(YamlNode? node)
    {
        var questions = new List<QuestionDefinition>();
        if (node is null)
        {
            return questions;
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, "questions must be a list", "list question ids from questions.yaml, or write them inline: - text: \"...\"");
            return questions;
        }

        var index = 0;
        foreach (var item in sequence)
        {
            index++;
            if (item is YamlScalarNode)
            {
                var id = reader.String(item, "a question id");
                if (id is not null && workspace.Question(reader, id, reader.Place(item)) is { } shared)
                {
                    questions.Add(shared);
                }
            }
            else if (WorkspaceReader.ReadQuestion(reader, $"q{index}", item) is { } inline)
            {
                questions.Add(inline);
            }
        }

        return questions;
    }

    /// <summary>
    /// Walks the journey in order (frames included): names are defined once, used after they are defined, and a
    /// required step never depends on what an optional step may not have produced.
    /// </summary>
    private Dictionary<string, Step> CheckJourney(List<Step> journey, bool hasQuestions)
    {
        var names = new Dictionary<string, Step>(StringComparer.Ordinal);
        var vars = new HashSet<string>(StringComparer.Ordinal);
        var ids = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var step in Flatten(journey))
        {
            if (step.Id is { } id && !ids.TryAdd(id, step))
            {
                reader.Error(step.Place, $"step id '{id}' is already used by the step at line {ids[id].Place.Line}", "step ids must be unique in a scenario");
            }

            foreach (var used in step.AllTemplates().SelectMany(t => t.Uses))
            {
                if (used.StartsWith(Template.VarsPrefix, StringComparison.Ordinal) && !vars.Contains(used[Template.VarsPrefix.Length..]))
                {
                    var hint = vars.Count == 0 ? "add an 'extract' step with 'as: NAME' before this step" : Suggest.DidYouMean(used[Template.VarsPrefix.Length..], vars);
                    reader.Error(step.Place, $"'{{{used}}}' is used before any extract step defines it", hint);
                }
                else if (used.StartsWith("question.", StringComparison.Ordinal) && !hasQuestions)
                {
                    reader.Error(step.Place, $"'{{{used}}}' is used, but the scenario has no questions", "add questions: with the question(s) to ask");
                }
            }

            if (step.Defines() is { Name: var defines } && !names.TryAdd(defines, step))
            {
                reader.Error(step.Place, $"'{defines}' is already defined by the step at line {names[defines].Place.Line}", "give each mark and each email its own name");
            }

            if (step is ExtractStep extract && !vars.Add(extract.As))
            {
                reader.Error(step.Place, $"variable '{extract.As}' is already extracted by an earlier step", "give each extracted value its own name");
            }

            if (step is ClickEmailLinkStep click)
            {
                if (!(names.TryGetValue(click.Email, out var expected) && Is(expected, NameKind.ReceivedEmail)))
                {
                    var emails = Named(names, NameKind.ReceivedEmail);
                    var hint = emails.Count == 0 ? "add an expect_email step with 'as: NAME' before it" : Suggest.DidYouMean(click.Email, emails);
                    reader.Error(step.Place, $"click_email_link refers to email '{click.Email}', which no earlier expect_email names", hint);
                }
                else if (expected.Optional && !click.Optional)
                {
                    reader.Error(step.Place, $"this step cannot run when the optional email '{click.Email}' does not arrive, and then nothing after it can run either",
                        "make this step optional too, or make the expect_email required");
                }
            }
        }

        return names;
    }

    public static IEnumerable<Step> Flatten(IEnumerable<Step> steps) =>
        steps.SelectMany(s => Flatten(s.Inner()).Prepend(s));

    private static bool Is(Step step, NameKind kind) => step.Defines()?.Kind == kind;

    /// <summary>The names of one kind the journey defines, for "did you mean".</summary>
    private static List<string> Named(Dictionary<string, Step> names, NameKind kind) =>
        names.Where(n => Is(n.Value, kind)).Select(n => n.Key).ToList();

    private List<MeasureDefinition> ReadMeasures(YamlNode? node, Dictionary<string, Step> moments)
    {
        var measures = new List<MeasureDefinition>();
        if (node is null || reader.Mapping(node, "measure") is not { } map)
        {
            return measures;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = WorkspaceReader.ReadId(reader, keyNode, "measure");
            var expressionNode = valueNode;
            var businessHours = false;
            if (valueNode is YamlMappingNode options)
            {
                reader.CheckKeys(options, $"measure '{name}'", ["value", "business_hours"]);
                expressionNode = reader.Required(options, "value", $"measure '{name}'", "e.g. value: answer.received - asked") ?? options;
                businessHours = reader.Bool(YamlReader.Child(options, "business_hours"), "business_hours") ?? false;
            }

            var text = reader.String(expressionNode, "a measure");
            if (name is null || text is null)
            {
                continue;
            }

            if (MeasureExpression.TryParse(text) is not { } expression)
            {
                reader.Error(expressionNode, $"measure '{name}' is not of the form 'later - earlier': {text}", MeasureExpression.Hint);
                continue;
            }

            if (CheckMoment(expressionNode, expression.End, moments) & CheckMoment(expressionNode, expression.Start, moments))
            {
                measures.Add(new MeasureDefinition(name, expression, reader.Place(keyNode)) { BusinessHours = businessHours });
            }
        }

        return measures;
    }

    private bool CheckMoment(YamlNode where, Moment moment, Dictionary<string, Step> moments)
    {
        if (moment is { Name: "probe", Property: "started" })
        {
            return true;
        }

        if (!moments.TryGetValue(moment.Name, out var step) || step.Defines() is not { IsMoment: true } defined)
        {
            var known = moments.Where(m => m.Value.Defines()?.IsMoment == true).Select(m => m.Key).Append("probe.started").ToList();
            reader.Error(where, $"'{moment.Name}' is not a mark or an email of this journey", Suggest.DidYouMean(moment.Name, known));
            return false;
        }

        var expected = defined.MomentProperty;
        if (moment.Property != expected)
        {
            var hint = expected is null ? $"a mark is a moment itself: write '{moment.Name}'" : $"write '{moment.Name}.{expected}'";
            reader.Error(where, $"'{moment}' is not a moment", hint);
            return false;
        }

        return true;
    }

    private List<JudgeDefinition> ReadJudging(YamlNode? node, Dictionary<string, Step> names, bool hasQuestions)
    {
        var judging = new List<JudgeDefinition>();
        if (node is null || reader.Mapping(node, "judge") is not { } map)
        {
            return judging;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var email = reader.String(keyNode, "an email name");
            if (email is null)
            {
                continue;
            }

            if (!names.TryGetValue(email, out var step) || !Is(step, NameKind.ReceivedEmail))
            {
                var emails = Named(names, NameKind.ReceivedEmail);
                reader.Error(keyNode, $"'{email}' is not an email this journey expects", emails.Count == 0 ? "judge names an expect_email's 'as'" : Suggest.DidYouMean(email, emails));
                continue;
            }

            if (reader.Mapping(valueNode, $"judge '{email}'") is not { } options)
            {
                continue;
            }

            reader.CheckKeys(options, $"judge '{email}'", ["rubric", "covers", "personal"]);
            var rubricNode = YamlReader.Child(options, "rubric");
            var rubric = reader.String(rubricNode, "rubric") ?? "default";
            if (!Rubrics.Contains(rubric))
            {
                reader.Error(rubricNode!, $"rubric '{rubric}' is not known", Suggest.DidYouMean(rubric, Rubrics));
                continue;
            }

            var coversNode = YamlReader.Child(options, "covers");
            var covers = reader.String(coversNode, "covers");
            if (covers is not null and not "question")
            {
                reader.Error(coversNode!, $"covers '{covers}' is not known", "write 'covers: question' to check the answer covers the question's must_cover terms");
                continue;
            }

            if (covers is not null && !hasQuestions)
            {
                reader.Error(coversNode!, "covers: question needs the scenario's questions", "add questions: with must_cover terms");
                continue;
            }

            var personal = reader.Bool(YamlReader.Child(options, "personal"), "personal") ?? false;
            judging.Add(new JudgeDefinition(email, rubric, covers is not null, personal, reader.Place(keyNode)));
        }

        return judging;
    }

    private List<ExpectationDefinition> ReadExpectations(YamlNode? node, List<string> metrics, List<JudgeDefinition> judging)
    {
        var expectations = new List<ExpectationDefinition>();
        if (node is null || reader.Mapping(node, "expect") is not { } map)
        {
            return expectations;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var metric = reader.String(keyNode, "a metric name");
            var thresholdNode = valueNode;
            var severity = Severity.Fail;
            if (valueNode is YamlMappingNode options)
            {
                reader.CheckKeys(options, $"expectation '{metric}'", ["threshold", "severity"]);
                thresholdNode = reader.Required(options, "threshold", $"expectation '{metric}'", "e.g. threshold: \"< 24h\"") ?? options;
                var severityNode = YamlReader.Child(options, "severity");
                switch (reader.String(severityNode, "severity"))
                {
                    case null or "fail":
                        break;
                    case "warn":
                        severity = Severity.Warn;
                        break;
                    case var other:
                        reader.Error(severityNode!, $"severity '{other}' is not known", "write fail (the default) or warn");
                        break;
                }
            }

            var text = reader.String(thresholdNode, "a threshold");
            if (metric is null || text is null)
            {
                continue;
            }

            if (!metrics.Contains(metric) && metric.EndsWith(".quality", StringComparison.Ordinal))
            {
                // The message quality card is planned; say so rather than "unknown metric".
                var email = metric[..^".quality".Length];
                var judged = string.Join(" and ", JudgedMetrics.Select(m => $"{email}.{m}"));
                reader.Error(keyNode, $"'{metric}' is not a metric yet", judging.Any(j => j.Email == email)
                    ? $"judging '{email}' gives {judged}"
                    : $"judge '{email}' under 'judge:' to get {judged}");
                continue;
            }

            if (!metrics.Contains(metric))
            {
                reader.Error(keyNode, $"'{metric}' is not a measure of this scenario nor a metric it has", Suggest.DidYouMean(metric, metrics));
                continue;
            }

            if (Threshold.TryParse(text) is not { } threshold)
            {
                reader.Error(thresholdNode, $"'{text}' is not a threshold", Threshold.Hint);
                continue;
            }

            expectations.Add(new ExpectationDefinition(metric, threshold, reader.Place(keyNode)) { Severity = severity });
        }

        return expectations;
    }
}
