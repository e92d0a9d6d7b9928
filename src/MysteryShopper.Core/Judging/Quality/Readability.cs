namespace MysteryShopper.Judging.Quality;

/// <summary>How clear a message reads: Flesch reading ease and Flesch–Kincaid grade (English), sentence and paragraph length, length against a band, calls to action.</summary>
public static class Readability
{
    public static CardPart Judge(Letter letter) => throw new NotImplementedException();
}
