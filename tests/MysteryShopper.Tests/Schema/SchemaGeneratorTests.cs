using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Schema;

/// <summary>
/// The checked-in schema/*.schema.json are what the language's definitions generate. After changing the language,
/// write them anew with <c>./tools/generate-schemas.sh</c> (this test with MSHOP_WRITE_SCHEMAS=1) and rebuild mshop.
/// </summary>
public class SchemaGeneratorTests
{
    [Test]
    public void Kinds_AreTheSchemaFolderKinds()
    {
        Assert.That(SchemaGenerator.Kinds, Is.EqualTo(SchemaFiles.Kinds));
    }

    [TestCaseSource(typeof(SchemaFiles), nameof(SchemaFiles.Kinds))]
    public void CheckedInSchema_IsWhatTheDefinitionsGenerate(string kind)
    {
        var generated = SchemaGenerator.Write(kind);
        if (Environment.GetEnvironmentVariable("MSHOP_WRITE_SCHEMAS") == "1")
        {
            File.WriteAllText(SchemaFiles.PathOf(kind), generated);
        }

        Assert.That(File.ReadAllText(SchemaFiles.PathOf(kind)), Is.EqualTo(generated),
            $"schema/{kind}.schema.json differs from what the definitions generate: run ./tools/generate-schemas.sh and rebuild");
    }

    [Test]
    public void Generate_StepDefinitions_AreOneSharedSetCopiedWhereUsed()
    {
        var scenario = SchemaGenerator.Document("scenario")["$defs"]!.AsObject();
        var targets = SchemaGenerator.Document("targets")["$defs"]!.AsObject();
        var personas = SchemaGenerator.Document("personas")["$defs"]!.AsObject();

        Assert.That(targets.Select(d => d.Key), Does.Contain("step.goto").And.Contain("selectors").And.Contain("target"));
        Assert.That(personas.Select(d => d.Key), Has.None.StartsWith("step"), "a file holds only the definitions its keys use");
        Assert.Multiple(() =>
        {
            foreach (var (name, definition) in targets.Where(d => scenario.ContainsKey(d.Key)))
            {
                Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(definition, scenario[name]), Is.True, name);
            }
        });
    }
}
