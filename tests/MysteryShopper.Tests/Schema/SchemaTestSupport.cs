using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Tests.Schema;

/// <summary>The repository's schema/ folder and the kind of file each schema is for.</summary>
public static class SchemaFiles
{
    public static readonly IReadOnlyList<string> Kinds = ["scenario", "targets", "personas", "questions", "config"];

    /// <summary>The folder holding MysteryShopper.sln, found upwards from the test output folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => Path.Combine(RepositoryRoot, "schema");

    public static string PathOf(string kind) => Path.Combine(Folder, $"{kind}.schema.json");

    public static JsonObject Read(string kind) => (JsonObject)JsonNode.Parse(File.ReadAllText(PathOf(kind)))!;

    /// <summary>Which schema a workspace file is checked against, by its name, as SuiteLoader decides.</summary>
    public static string KindOf(string fileName) => fileName.ToLowerInvariant() switch
    {
        "mshop.yaml" or "mshop.yml" => "config",
        "targets.yaml" or "targets.yml" => "targets",
        "personas.yaml" or "personas.yml" => "personas",
        "questions.yaml" or "questions.yml" => "questions",
        _ => "scenario",
    };

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no MysteryShopper.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// Validates documents with NJsonSchema. NJsonSchema 11.6.2 reads draft 2020-12 files but does not resolve a
/// <c>$ref</c> that sits inside <c>$defs</c> ("reference path '#/$defs/x' has not been resolved"), so each schema is
/// handed to it in the equivalent draft-07 layout: <c>$defs</c> renamed <c>definitions</c>, refs rewritten to match.
/// Nothing else changes; <see cref="SchemaWalker.KnownKeywords"/> keeps the files to keywords it enforces.
/// </summary>
public static class SchemaValidator
{
    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = SchemaFiles.Kinds.ToDictionary(
        k => k, k => new Lazy<JsonSchema>(() => Load(SchemaFiles.Read(k)), LazyThreadSafetyMode.ExecutionAndPublication));

    public static JsonSchema For(string kind) => Schemas[kind].Value;

    /// <summary>The validation errors for a YAML document, each as "Kind: path", nested errors included.</summary>
    public static IReadOnlyList<string> Errors(string kind, string yaml) =>
        For(kind).Validate(YamlJson.Convert(yaml)?.ToJsonString() ?? "null").Select(e => e.ToString()).ToList();

    public static JsonSchema Load(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        if (copy["$defs"] is { } defs)
        {
            copy.Remove("$defs");
            copy["definitions"] = defs;
        }

        RewriteRefs(copy);
        return JsonSchema.FromJsonAsync(copy.ToJsonString()).GetAwaiter().GetResult();
    }

    private static void RewriteRefs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.GetValue<string>() is var reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/definitions/" + reference["#/$defs/".Length..];
                }

                foreach (var (_, child) in obj)
                {
                    RewriteRefs(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteRefs(child);
                }

                break;
        }
    }
}

/// <summary>
/// YAML to JSON as the YAML language server sees it (YAML 1.2 core schema): plain <c>true</c>/<c>false</c> are
/// booleans, plain numbers are numbers, plain <c>~</c>/<c>null</c>/nothing is null, everything else is a string.
/// </summary>
public static partial class YamlJson
{
    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }
}

/// <summary>Walks a schema document's subschemas, telling keywords from the property names under them.</summary>
public static class SchemaWalker
{
    /// <summary>Keywords whose value is one subschema.</summary>
    private static readonly string[] SubschemaKeywords = ["items", "not", "additionalProperties"];

    /// <summary>Keywords whose value is a list of subschemas.</summary>
    private static readonly string[] SubschemaListKeywords = ["anyOf", "oneOf", "allOf"];

    /// <summary>Keywords whose value maps names to subschemas.</summary>
    private static readonly string[] SubschemaMapKeywords = ["properties", "patternProperties", "$defs"];

    /// <summary>
    /// Keywords NJsonSchema 11.6.2 enforces (checked by hand: it ignores <c>const</c>, for one), and annotations, among
    /// them <c>patternErrorMessage</c>, the message VS Code and the YAML language server show when a pattern fails.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownKeywords =
    [
        "$schema", "$id", "$ref", "title", "description", "default", "patternErrorMessage",
        "type", "enum", "pattern", "minimum", "maximum", "minItems", "minProperties", "maxProperties", "required",
        .. SubschemaKeywords, .. SubschemaListKeywords, .. SubschemaMapKeywords,
    ];

    /// <summary>Every subschema with its JSON pointer, the document itself first.</summary>
    public static IEnumerable<(string Pointer, JsonObject Schema)> Subschemas(JsonObject schema, string pointer = "#")
    {
        yield return (pointer, schema);
        foreach (var (keyword, value) in schema)
        {
            IEnumerable<(string, JsonNode?)> children = keyword switch
            {
                _ when SubschemaKeywords.Contains(keyword) => [($"{pointer}/{keyword}", value)],
                _ when SubschemaListKeywords.Contains(keyword) => ((JsonArray)value!).Select((s, i) => ($"{pointer}/{keyword}/{i}", s)),
                _ when SubschemaMapKeywords.Contains(keyword) => ((JsonObject)value!).Select(p => ($"{pointer}/{keyword}/{p.Key}", p.Value)),
                _ => [],
            };
            foreach (var (childPointer, child) in children)
            {
                if (child is JsonObject childSchema)
                {
                    foreach (var found in Subschemas(childSchema, childPointer))
                    {
                        yield return found;
                    }
                }
            }
        }
    }

    /// <summary>The schema a <c>#/$defs/NAME</c> reference points at in <paramref name="document"/>; null when there is none.</summary>
    public static JsonObject? Resolve(JsonObject document, string reference) =>
        reference.StartsWith("#/$defs/", StringComparison.Ordinal) ? document["$defs"]?[reference["#/$defs/".Length..]] as JsonObject : null;
}

/// <summary>
/// mshop.dll as built beside these tests (same configuration), loaded in a context of its own: the unit tests do not
/// reference the CLI project, so this is how they see the schemas it embeds and run its schema command.
/// </summary>
public static class Mshop
{
    private static readonly Lazy<Assembly> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(SchemaFiles.RepositoryRoot, "src", "MysteryShopper.Cli", "bin", output.Parent!.Name, output.Name);
        }
    }

    public static Assembly Assembly => Loaded.Value;

    /// <summary>The embedded resources whose names start with <paramref name="prefix"/>, by name, as text.</summary>
    public static IReadOnlyDictionary<string, string> Resources(string prefix) =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(n => n, n =>
            {
                using var reader = new StreamReader(Assembly.GetManifestResourceStream(n)!);
                return reader.ReadToEnd();
            });

    /// <summary>Runs <c>SchemaCommand</c> as <c>mshop schema ARGS</c> would, capturing what it writes.</summary>
    public static async Task<(int Exit, string Output, string Error)> SchemaAsync(params string[] args)
    {
        var create = Assembly.GetType("MysteryShopper.Cli.Commands.SchemaCommand", throwOnError: true)!
            .GetMethod("Create", [typeof(TextWriter), typeof(TextWriter)])!;
        using var output = new StringWriter();
        using var error = new StringWriter();
        // System.CommandLine lives in mshop's context, not the tests': call it late-bound.
        dynamic command = create.Invoke(null, [output, error])!;
        dynamic parsed = command.Parse((IReadOnlyList<string>)args, null);
        int exit = await parsed.InvokeAsync(null, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static Assembly Load()
    {
        var path = Path.Combine(Folder, "mshop.dll");
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is not built; build the solution first (dotnet build MysteryShopper.sln)");
        }

        var context = new AssemblyLoadContext("mshop");
        context.Resolving += (ctx, name) =>
        {
            var file = Path.Combine(Folder, $"{name.Name}.dll");
            return File.Exists(file) ? LoadFromBytes(ctx, file) : null;
        };
        return LoadFromBytes(context, path);
    }

    // From bytes, so the test run never holds a lock on the CLI's build output.
    private static Assembly LoadFromBytes(AssemblyLoadContext context, string path)
    {
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        return context.LoadFromStream(stream);
    }
}
