namespace MysteryShopper.Judging.Quality;

/// <summary>Whether a reply answers the question: full, partial or none, and whether it proposes a next step.</summary>
public static class Answers
{
    /// <summary>Answered is null when nothing was asked (no question) or the mail is marketing.</summary>
    public static (Answer? Answered, bool NextStep, CardPart Part) Judge(Letter letter, JudgeContext context, MessageKind kind) => throw new NotImplementedException();
}
