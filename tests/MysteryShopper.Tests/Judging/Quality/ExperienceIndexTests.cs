using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class ExperienceIndexTests
{
    private static MessageCard Card(double score) =>
        new() { Kind = MessageKind.Human, Score = score, Parts = [], Rubric = Rubrics.Reply };

    [Test]
    public void Of_NoCards_IsNoIndex() => Assert.That(ExperienceIndex.Of(Array.Empty<MessageCard>()), Is.Null);

    [Test]
    public void Of_NoGrades_IsNoIndex() => Assert.That(ExperienceIndex.Of(Array.Empty<Grade>()), Is.Null);

    [Test]
    public void Of_Cards_IsPromotersLessDetractorsWithTheMean()
    {
        // promoter 9.0 and 9.6, passive 7.0, detractor 6.9: (2 − 1) / 4 = 25; mean (9 + 9.6 + 7 + 6.9) / 4 = 8.125 → 8.1
        var index = ExperienceIndex.Of([Card(9.0), Card(9.6), Card(7.0), Card(6.9)]);

        Assert.That(index, Is.EqualTo(new ExperienceIndex(25, 8.1, 4, 2, 1, 1)));
    }

    [Test]
    public void Of_AllDetractors_IsMinusHundred() =>
        Assert.That(ExperienceIndex.Of([Grade.Detractor, Grade.Detractor])!.Index, Is.EqualTo(-100));

    [Test]
    public void Of_Grades_HasNoMean()
    {
        var index = ExperienceIndex.Of([Grade.Promoter, Grade.Passive, Grade.Passive]);

        Assert.That(index, Is.EqualTo(new ExperienceIndex(33.3, null, 3, 1, 2, 0)));
    }
}
