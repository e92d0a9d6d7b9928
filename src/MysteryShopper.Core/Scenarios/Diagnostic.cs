namespace MysteryShopper.Scenarios;

/// <summary>A problem found in an input file, with the place it starts at (1-based line and column).</summary>
public sealed record Diagnostic(string File, int Line, int Column, string Message, string? Hint = null)
{
    public static Diagnostic At(SourcePlace place, string message, string? hint = null) =>
        new(place.File, place.Line, place.Column, message, hint);

    /// <summary>The compiler-style form: <c>file:line:col: error: message</c>, then the hint on its own line.</summary>
    public override string ToString() =>
        Hint is null
            ? $"{File}:{Line}:{Column}: error: {Message}"
            : $"{File}:{Line}:{Column}: error: {Message}{Environment.NewLine}    hint: {Hint}";
}

/// <summary>A place in a source file (1-based).</summary>
public readonly record struct SourcePlace(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>An input file's name as shown to the user, and its text.</summary>
public sealed record SourceFile(string Path, string Text)
{
    public static async Task<SourceFile> ReadAsync(string path, CancellationToken cancellationToken) =>
        new(path, await File.ReadAllTextAsync(path, cancellationToken));
}
