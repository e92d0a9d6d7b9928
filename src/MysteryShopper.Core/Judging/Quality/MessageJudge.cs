namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Makes a message's quality card: the kind first (it decides which parts apply and the default rubric), then every
/// other part, then the composite the rubric weighs. A pure function: the same message, context and rubric give the
/// same card.
/// </summary>
public static class MessageJudge
{
    /// <summary>
    /// Judges <paramref name="letter"/> against <paramref name="context"/>. <paramref name="rubric"/> defaults to the
    /// built-in <c>marketing</c> rubric for marketing mail and <c>reply</c> for the rest; <paramref name="checks"/> are
    /// what was checked outside the message (DKIM, SpamAssassin, links), null when nothing was.
    /// </summary>
    public static MessageCard Judge(Letter letter, JudgeContext context, Rubric? rubric = null, DeliveryChecks? checks = null)
    {
        var (kind, kindPart) = MessageKinds.Judge(letter);
        rubric ??= Rubrics.For(kind);
        var (answered, nextStep, answeredPart) = Answers.Judge(letter, context, kind);
        var (personal, personalPart) = Personalisation.Judge(letter, context, kind);
        var (unfilled, placeholderPart) = Placeholders.Judge(letter);
        var (oneClick, unsubscribePart) = OneClickUnsubscribe.Judge(letter, kind);
        CardPart[] parts =
        [
            kindPart,
            answeredPart,
            personalPart,
            placeholderPart,
            unsubscribePart,
            Readability.Judge(letter, rubric.Length),
            Tone.Judge(letter),
            Deliverability.Judge(letter, checks),
            Links.Judge(letter, checks),
            PhraseRules.Judge(letter, rubric),
        ];
        return new MessageCard
        {
            Kind = kind,
            Answered = answered,
            NextStep = nextStep,
            Personal = personal,
            UnfilledPlaceholder = unfilled,
            OneClickUnsubscribe = oneClick,
            Score = Composite(parts, rubric),
            Parts = parts,
            Rubric = rubric.Name,
        };
    }

    /// <summary>
    /// The weighted mean of the parts' sub-scores that are not null, each weighed by the rubric (a part it does not
    /// weigh counts 0), on 0–10 and rounded to one decimal; 0 when no weighed part has a sub-score.
    /// </summary>
    public static double Composite(IReadOnlyList<CardPart> parts, Rubric rubric)
    {
        double sum = 0, weights = 0;
        foreach (var part in parts)
        {
            if (part.Score is { } score && rubric.Weight(part.Name) is var weight and > 0)
            {
                sum += weight * Math.Clamp(score, 0, 10);
                weights += weight;
            }
        }

        return weights == 0 ? 0 : Math.Round(sum / weights, 1, MidpointRounding.AwayFromZero);
    }
}
