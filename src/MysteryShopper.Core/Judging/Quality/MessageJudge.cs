namespace MysteryShopper.Judging.Quality;

// STUB (replaced by quality-score at merge).
public static class MessageJudge
{
    public static MessageCard Judge(Letter letter, JudgeContext context, Rubric? rubric = null, DeliveryChecks? checks = null) => throw new NotImplementedException();
}
