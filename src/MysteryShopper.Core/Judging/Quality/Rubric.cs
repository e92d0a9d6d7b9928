namespace MysteryShopper.Judging.Quality;

// STUB (replaced by quality-score at merge).
public sealed record Rubric(string Name);

public static class Rubrics
{
    public static IReadOnlyList<string> Names { get; } = ["reply", "marketing"];

    public static Rubric? Builtin(string name) => throw new NotImplementedException();
}
