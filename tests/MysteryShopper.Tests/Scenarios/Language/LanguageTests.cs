using System.Text.Json.Nodes;
using MysteryShopper.Scenarios;
using MysteryShopper.Scenarios.Language;
using MysteryShopper.Tests.Schema;

namespace MysteryShopper.Tests.Scenarios.Language;

/// <summary>
/// The language definitions hold everything the hand-written schemas say about the files' mappings: each file's top
/// level and each shared definition, built from the keys, is the schema's own.
/// </summary>
public class LanguageTests
{
    private static readonly string[] Metadata = ["$schema", "$id", "title", "description", "$defs"];

    private static JsonObject TopLevel(string kind)
    {
        var schema = SchemaFiles.Read(kind);
        foreach (var key in Metadata)
        {
            schema.Remove(key);
        }

        return schema;
    }

    [Test]
    public void FileTopLevels_BuiltFromTheKeys_AreTheSchemas()
    {
        Assert.Multiple(() =>
        {
            AssertSame(Shapes.Object(ScenarioLanguage.Scenario), TopLevel("scenario"), "scenario");
            AssertSame(Shapes.Object(ConfigLanguage.Config), TopLevel("config"), "config");
            AssertSame(Shapes.Object(TargetLanguage.File), TopLevel("targets"), "targets");
            AssertSame(Shapes.Object(PersonaLanguage.File), TopLevel("personas"), "personas");
            AssertSame(Shapes.Object(QuestionLanguage.File), TopLevel("questions"), "questions");
        });
    }

    [Test]
    public void Definitions_BuiltFromTheKeys_AreTheSchemasDefs()
    {
        IEnumerable<Key> definitions =
        [
            .. SharedLanguage.Definitions, .. ScenarioLanguage.Definitions, .. ConfigLanguage.Definitions,
            .. TargetLanguage.Definitions, .. PersonaLanguage.Definitions, .. QuestionLanguage.Definitions,
        ];
        Assert.Multiple(() =>
        {
            foreach (var definition in definitions)
            {
                var found = SchemaFiles.Kinds.Select(k => SchemaFiles.Read(k)["$defs"]?[definition.Name]).OfType<JsonNode>().ToList();
                Assert.That(found, Is.Not.Empty, definition.Name);
                foreach (var schema in found)
                {
                    AssertSame(Shapes.Property(definition), schema, definition.Name);
                }
            }
        });
    }

    private static void AssertSame(JsonNode built, JsonNode schema, string what) =>
        Assert.That(JsonNode.DeepEquals(built, schema), Is.True, $"{what}:\nbuilt  {built.ToJsonString()}\nschema {schema.ToJsonString()}");
}
