namespace MysteryShopper.Judging.Quality;

/// <summary>Politeness, apology, pushy or negative wording and shouting, from lexicons shipped with the project.</summary>
public static class Tone
{
    public static CardPart Judge(Letter letter) => throw new NotImplementedException();
}
