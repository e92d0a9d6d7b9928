namespace MysteryShopper.Judging.Quality;

/// <summary>The links a message holds: how many, tracking redirects, images without alt text (no network: broken links are checked apart).</summary>
public static class Links
{
    public static CardPart Judge(Letter letter) => throw new NotImplementedException();
}
