using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads <c>questions.yaml</c> files, and questions written inline in a scenario.</summary>
public sealed class QuestionsReader
{
    private readonly ByIdFile<QuestionDefinition> _file = new("questions", "question", QuestionLanguage.File, QuestionLanguage.Question, q => q.Place);

    public Defined<QuestionDefinition> Questions => _file.Result;

    public void Read(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in _file.Entries(reader, root))
        {
            if (Read(reader, id, map) is not { } question)
            {
                _file.Broken(id);
                continue;
            }

            _file.TryAdd(reader, keyNode, id, () => question);
        }
    }

    /// <summary>A question written as a mapping (<paramref name="node"/>), named <paramref name="id"/> in messages.</summary>
    public static QuestionDefinition? Read(YamlReader reader, string id, YamlNode node) =>
        YamlMap.Open(reader, node, $"question '{id}'", QuestionLanguage.Question) is { } map ? Read(reader, id, map) : null;

    /// <summary>Text, must_cover (terms, or a term with its synonyms) and tags.</summary>
    private static QuestionDefinition? Read(YamlReader reader, string id, YamlMap map)
    {
        var text = reader.String(map.Required("text", "add the question, e.g. text: \"Do you offer an annual plan?\""), "text");
        var terms = new List<CoverTerm>();
        if (map["must_cover"] is { } cover)
        {
            if (cover is not YamlSequenceNode list)
            {
                reader.Error(cover, "must_cover must be a list", "e.g. must_cover: [annual, { discount: [reduction, \"% off\"] }]");
            }
            else
            {
                foreach (var item in list)
                {
                    if (item is YamlScalarNode && reader.String(item, "a term") is { } term)
                    {
                        terms.Add(new CoverTerm(term, []));
                    }
                    else if (item is YamlMappingNode { Children.Count: 1 } synonyms && reader.String(synonyms.Children.Keys.First(), "a term") is { } main)
                    {
                        terms.Add(new CoverTerm(main, reader.Scalars(synonyms.Children.Values.First(), "synonyms").Select(s => s.Value ?? "").ToList()));
                    }
                    else if (item is not YamlScalarNode)
                    {
                        reader.Error(item, "each must_cover item is a term, or one term with its synonyms", "e.g. - discount: [reduction, \"% off\"]");
                    }
                }
            }
        }

        return text is null ? null : new QuestionDefinition
        {
            Id = id,
            Text = text,
            MustCover = terms,
            Tags = map.Texts("tags"),
            Place = map.Place,
        };
    }
}
