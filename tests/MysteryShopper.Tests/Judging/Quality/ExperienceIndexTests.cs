using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class ExperienceIndexTests
{
    [Test]
    public void Of_NoProbes_IsNoIndex() => Assert.That(ExperienceIndex.Of(Array.Empty<double>()), Is.Null);

    [Test]
    public void Of_Scores_IsPromotersLessDetractorsWithTheMean()
    {
        // promoter 9.0 and 9.6, passive 7.0, detractor 6.9: (2 − 1) / 4 = 25; mean (9 + 9.6 + 7 + 6.9) / 4 = 8.125 → 8.1
        var index = ExperienceIndex.Of([9.0, 9.6, 7.0, 6.9]);

        Assert.That(index, Is.EqualTo(new ExperienceIndex(25, 8.1, 4, 2, 1, 1)));
    }

    [Test]
    public void Of_AllDetractors_IsMinusHundred() =>
        Assert.That(ExperienceIndex.Of([0.0, 6.9])!.Index, Is.EqualTo(-100));

    [Test]
    public void Of_OnePromoterTwoPassives_IsAThirdRoundedToOneDecimal()
    {
        var index = ExperienceIndex.Of([9.0, 8.0, 7.0]);

        Assert.That(index, Is.EqualTo(new ExperienceIndex(33.3, 8.0, 3, 1, 2, 0)));
    }
}
