using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads one scenario file and checks that everything it refers to is defined before it is used.</summary>
public sealed class ScenarioReader(YamlReader reader, SharedFiles workspace)
{
    /// <summary>Built-in metrics every probe has, besides the scenario's own measures.</summary>
    public static readonly IReadOnlyList<string> BuiltInMetrics = ScenarioLanguage.BuiltInMetrics.Names().ToList();

    private readonly StepReader _steps = new(reader);

    public ScenarioDefinition? Read(YamlNode root, List<Diagnostic> diagnostics)
    {
        if (reader.Mapping(root, "a scenario file") is not { } node)
        {
            return null;
        }

        var before = diagnostics.Count;
        var map = YamlMap.Of(reader, node, "a scenario", ScenarioLanguage.Scenario, owner: "the scenario");
        var nameNode = map.Required("name", "add a name, e.g. name: newsletter-signup");
        var name = nameNode is null ? null : reader.Id(nameNode, "scenario");
        var description = map.Text("description") ?? "";
        var tags = map.Texts("tags");

        var targetsNode = map.Required("targets", "list the target ids to probe, e.g. targets: [own, rival-a]");
        var targets = map.Refs("targets");
        if (targets.Count == 0 && targetsNode is YamlScalarNode or YamlSequenceNode { Children.Count: 0 })
        {
            reader.Error(targetsNode, "targets is empty", "list at least one target id");
        }

        var persona = map["persona"] is { } personaNode
            ? new NameRef(reader.String(personaNode, "persona") ?? "default", reader.Place(personaNode))
            : new NameRef("default", map.Place);
        CheckReferences(targets, persona);

        var questions = ReadQuestions(map["questions"]);

        // Questions that are written but have errors (already reported) still count: no second error for {question.text}.
        var hasQuestions = questions.Count > 0 || map["questions"] is YamlSequenceNode { Children.Count: > 0 };
        var eachQuestion = map.Flag("each_question") ?? true;
        var samples = map.Whole("samples", Planning.Samples.Range) ?? 1;
        var selectors = _steps.ReadSelectors(map["selectors"]);

        var journeyNode = map.Required("journey", "add the steps, e.g. journey: [ { goto: \"{target.url}\" } ]");
        var journey = journeyNode is null ? [] : _steps.ReadList(journeyNode, "journey");
        var names = CheckJourney(journey, hasQuestions);
        var measures = ReadMeasures(map["measure"], names);
        var judging = ReadJudging(map["judge"], names, hasQuestions);
        var metrics = measures.Select(m => m.Name)
            .Concat(BuiltInMetrics)
            .Concat(Named(names, NameKind.Collection).Select(n => $"{n}.count"))
            .Concat(judging.SelectMany(j => ScenarioLanguage.JudgedMetrics.Select(m => $"{j.Email}.{m}")))
            .ToList();
        var expectations = ReadExpectations(map["expect"], metrics, judging);

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
            Samples = samples,
            Selectors = selectors,
            Journey = journey,
            Measures = measures,
            Judging = judging,
            Expectations = expectations,
        };
    }

    private void CheckReferences(IReadOnlyList<NameRef> targets, NameRef persona)
    {
        var defined = workspace.Targets.ById;
        foreach (var target in targets.Where(t => !defined.ContainsKey(t.Name) && !workspace.Targets.IsBroken(t.Name)))
        {
            reader.Error(target.Place, $"unknown target '{target.Name}'",
                defined.Count == 0 ? $"define it in a {SuiteLoader.TargetsFile} passed along with the scenario" : Suggest.DidYouMean(target.Name, defined.Keys));
        }

        var personas = workspace.Personas.ById;
        if (!personas.ContainsKey(persona.Name) && !workspace.Personas.IsBroken(persona.Name))
        {
            reader.Error(persona.Place, $"unknown persona '{persona.Name}'",
                personas.Count == 0 ? $"define it in a {SuiteLoader.PersonasFile} passed along with the scenario" : Suggest.DidYouMean(persona.Name, personas.Keys));
        }
    }

    private QuestionDefinition? Question(string id, SourcePlace place)
    {
        var questions = workspace.Questions.ById;
        if (questions.TryGetValue(id, out var question))
        {
            return question;
        }

        if (!workspace.Questions.IsBroken(id))
        {
            reader.Error(place, $"unknown question '{id}'",
                questions.Count == 0 ? $"define it in a {SuiteLoader.QuestionsFile}, or write it inline: - text: \"...\"" : Suggest.DidYouMean(id, questions.Keys));
        }

        return null;
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
                if (id is not null && Question(id, reader.Place(item)) is { } shared)
                {
                    questions.Add(shared);
                }
            }
            else if (QuestionsReader.Read(reader, $"q{index}", item) is { } inline)
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

            var usedEmail = step switch
            {
                ClickEmailLinkStep click => click.Email,
                ReplyStep reply => reply.Email,
                UnsubscribeStep unsubscribe => unsubscribe.Email,
                _ => null,
            };
            if (usedEmail is not null)
            {
                CheckEmail(step, usedEmail, names);
            }

            if (step is ExpectNoEmailStep none && CheckMoment(none.AfterPlace ?? step.Place, none.After, names)
                && names.TryGetValue(none.After.Name, out var defining) && defining.Optional && !none.Optional)
            {
                reader.Error(step.Place, $"this step cannot run when the optional step that defines '{none.After}' does not pass, and then nothing after it can run either",
                    "make this step optional too, or make that step required");
            }
        }

        return names;
    }

    /// <summary>A step that uses a received email (click_email_link, reply, unsubscribe) names one an earlier expect_email defines.</summary>
    private void CheckEmail(Step step, string email, Dictionary<string, Step> names)
    {
        if (!(names.TryGetValue(email, out var expected) && Is(expected, NameKind.ReceivedEmail)))
        {
            var emails = Named(names, NameKind.ReceivedEmail);
            var hint = emails.Count == 0 ? "add an expect_email step with 'as: NAME' before it" : Suggest.DidYouMean(email, emails);
            reader.Error(step.Place, $"{step.Keyword} refers to email '{email}', which no earlier expect_email names", hint);
        }
        else if (expected.Optional && !step.Optional)
        {
            reader.Error(step.Place, $"this step cannot run when the optional email '{email}' does not arrive, and then nothing after it can run either",
                "make this step optional too, or make the expect_email required");
        }
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
            var name = reader.Id(keyNode, "measure");
            var expressionNode = valueNode;
            var businessHours = false;
            if (valueNode is YamlMappingNode mapping)
            {
                var options = YamlMap.Of(reader, mapping, $"measure '{name}'", ScenarioLanguage.Measure);
                expressionNode = options.Required("value", "e.g. value: answer.received - asked") ?? mapping;
                businessHours = options.Flag("business_hours") ?? false;
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

    private bool CheckMoment(YamlNode where, Moment moment, Dictionary<string, Step> moments) => CheckMoment(reader.Place(where), moment, moments);

    private bool CheckMoment(SourcePlace where, Moment moment, Dictionary<string, Step> moments)
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

            if (YamlMap.Open(reader, valueNode, $"judge '{email}'", ScenarioLanguage.Judge) is not { } options)
            {
                continue;
            }

            var rubric = options.Text("rubric") ?? "default";
            if (!ScenarioLanguage.Rubrics.Contains(rubric))
            {
                reader.Error(options["rubric"]!, $"rubric '{rubric}' is not known", Suggest.DidYouMean(rubric, ScenarioLanguage.Rubrics));
                continue;
            }

            var weights = Weights(options["weights"]);
            var required = options.Texts("required").Select(Phrase).Where(p => p.Length > 0).ToList();
            var forbidden = options.Texts("forbidden").Select(Phrase).Where(p => p.Length > 0).ToList();
            if (required.Intersect(forbidden, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
            {
                reader.Error(options["forbidden"]!, $"'{both}' is both required and forbidden", "keep it in one of the two lists");
            }

            var coversNode = options["covers"];
            var covers = options.Text("covers");
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

            var personal = options.Flag("personal") ?? false;
            judging.Add(new JudgeDefinition(email, rubric, covers is not null, personal, reader.Place(keyNode)) { Weights = weights, Required = required, Forbidden = forbidden });
        }

        return judging;
    }

    private static string Phrase(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// A judge entry's weights: each a part the rubric weighs (did you mean…) and a number from 0 to 100. Those in
    /// error are reported and left out, so the entry still stands and its metrics raise no second error.
    /// </summary>
    private Dictionary<string, double> Weights(YamlNode? node)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (node is null)
        {
            return weights;
        }

        if (reader.Mapping(node, "weights") is not { } map)
        {
            return weights;
        }

        foreach (var (partNode, valueNode) in map.Children)
        {
            var part = reader.String(partNode, "a part name");
            if (part is null)
            {
                continue;
            }

            if (!Rubric.ScoredParts.Contains(part))
            {
                reader.Error(partNode, $"'{part}' is not a part a rubric weighs", Suggest.DidYouMean(part, Rubric.ScoredParts));
                continue;
            }

            var weight = reader.Number(valueNode, $"the weight of {part}");
            if (weight is not { } value || double.IsNaN(value) || value is < 0 or > 100)
            {
                if (weight is not null)
                {
                    reader.Error(valueNode, $"the weight of {part} must be from 0 to 100, not {weight.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "0 leaves the part out of the composite");
                }

                continue;
            }

            weights[part] = value;
        }

        return weights;
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
            if (valueNode is YamlMappingNode mapping)
            {
                var options = YamlMap.Of(reader, mapping, $"expectation '{metric}'", ScenarioLanguage.Expectation);
                thresholdNode = options.Required("threshold", "e.g. threshold: \"< 24h\"") ?? mapping;
                severity = options.Choice("severity", ScenarioLanguage.Severities, "write fail (the default) or warn") ?? Severity.Fail;
            }

            var text = reader.String(thresholdNode, "a threshold");
            if (metric is null || text is null)
            {
                continue;
            }

            if (!metrics.Contains(metric) && metric.Split('.') is [var email, var part] && ScenarioLanguage.JudgedMetrics.Contains(part) && judging.All(j => j.Email != email))
            {
                // A judged email's metric of an email not judged: say how to get it rather than "unknown metric".
                reader.Error(keyNode, $"'{metric}' is not a metric of this scenario: '{email}' is not judged", $"judge it under 'judge:' (judge: {{ {email}: {{ rubric: default }} }}) to get {metric}");
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
