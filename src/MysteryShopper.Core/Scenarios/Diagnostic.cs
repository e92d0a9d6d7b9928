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
    /// <summary>Why the file could not be read as text (too large, not UTF-8), with the place; the text is then empty.</summary>
    public Diagnostic? Refused { get; init; }

    /// <summary>Reads a file as strict UTF-8; a file over the size limit is not read at all.</summary>
    public static async Task<SourceFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length > YamlReader.MaxFileBytes)
        {
            return new SourceFile(path, "") { Refused = new Diagnostic(path, 1, 1, $"the file is larger than {YamlReader.MaxFileBytes / 1024} KiB", "split it into several files") };
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        var text = new string(chars, 0, written).TrimStart('\uFEFF');
        if (status == System.Buffers.OperationStatus.Done)
        {
            return new SourceFile(path, text);
        }

        // Point at the first bad byte: the text before it is valid, so its lines and columns are the editor's.
        var line = text.Count(c => c == '\n') + 1;
        var column = text.Length - (text.LastIndexOf('\n') + 1) + 1;
        return new SourceFile(path, "")
        {
            Refused = new Diagnostic(path, line, column, $"the file is not valid UTF-8 (byte 0x{bytes[read]:X2})",
                "save it as UTF-8 (it may have been saved as Latin-1 or Windows-1252)"),
        };
    }
}
