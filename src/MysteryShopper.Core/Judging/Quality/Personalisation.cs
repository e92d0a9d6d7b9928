namespace MysteryShopper.Judging.Quality;

/// <summary>Personal only when a person wrote to the shopper: greets them by name and signs as a named individual.</summary>
public static class Personalisation
{
    public static (bool Personal, CardPart Part) Judge(Letter letter, JudgeContext context, MessageKind kind) => throw new NotImplementedException();
}
