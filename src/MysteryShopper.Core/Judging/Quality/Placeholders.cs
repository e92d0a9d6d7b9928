namespace MysteryShopper.Judging.Quality;

/// <summary>Merge tokens left visible to the reader ({{first_name}}, %FIRSTNAME%, [Name], *|FNAME|*), not ticket tags or CSS.</summary>
public static class Placeholders
{
    public static (bool Unfilled, CardPart Part) Judge(Letter letter) => throw new NotImplementedException();
}
