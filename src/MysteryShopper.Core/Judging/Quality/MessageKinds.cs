namespace MysteryShopper.Judging.Quality;

/// <summary>Tells auto, human and marketing mail apart: content wins over headers, which are evidence, not the verdict.</summary>
public static class MessageKinds
{
    public static (MessageKind Kind, CardPart Part) Judge(Letter letter) => throw new NotImplementedException();
}
