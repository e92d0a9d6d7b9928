using System.Reflection;

namespace MysteryShopper.Cli;

/// <summary>Files built into mshop: the example suite (<c>suite/</c>), init's templates (<c>init/</c>), the schemas (<c>schema/</c>), the mail server's script (<c>tools/</c>).</summary>
public static class EmbeddedFiles
{
    /// <summary>Every embedded file under <paramref name="folder"/>, by file name, in name order.</summary>
    public static IReadOnlyList<(string Name, string Text)> In(string folder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = folder.TrimEnd('/') + "/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n[prefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }
}
