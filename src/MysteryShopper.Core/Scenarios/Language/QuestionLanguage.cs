namespace MysteryShopper.Scenarios.Language;

/// <summary>The keys of a question, in <c>questions.yaml</c> or written inline in a scenario.</summary>
public static class QuestionLanguage
{
    public const string Description = "questions.yaml: questions scenarios ask by id, with the terms a good answer covers.";

    public static readonly IReadOnlyList<Key> Question =
    [
        new("text", "The question, e.g. \"Do you offer an annual plan?\"; steps use it as {question.text}.", Shapes.Text) { Required = true },
        new("must_cover", "Terms a good answer mentions: a term, or one term with its synonyms, e.g. [annual, { discount: [reduction, \"% off\"] }].", Shapes.Json("""{"type": "array", "items": {"anyOf": [{"type": ["string", "number", "boolean"]}, {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": {"$ref": "#/$defs/textList"}}]}}""")),
        new("tags", "Tags to group and filter by.", Shapes.Ref("textList")),
    ];

    public static readonly IReadOnlyList<Key> File =
    [
        new("questions", "Questions by id (lower-case letters, digits, '-' and '_').", Shapes.Map(SharedLanguage.IdPattern, Shapes.Ref("question"))) { Required = true },
    ];

    /// <summary>The shared <c>question</c> definition: the questions file and scenarios' inline questions use it.</summary>
    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("question", "A question: its text, the terms a good answer covers, and tags.", Shapes.Object(Question)),
    ];
}
