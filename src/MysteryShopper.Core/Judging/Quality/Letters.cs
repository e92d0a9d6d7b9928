namespace MysteryShopper.Judging.Quality;

// STUB (replaced by quality-parts at merge).
public static class Letters
{
    public static Letter Read(Stream mime, string folder = "INBOX") => throw new NotImplementedException();
}
