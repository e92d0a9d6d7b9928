using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class PersonalisationTests
{
    [Test]
    public void Judge_GreetsByNameAndSignsAsAPerson_IsPersonal()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nYes, we do.\n\nBest,\nEmma Clarke | Account Manager");

        var (personal, part) = Personalisation.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That(personal, Is.True);
        Assert.That(part.Score, Is.EqualTo(10));
        Assert.That(part.Evidence, Has.Member("signed by \"Emma Clarke\""));
    }

    [Test]
    public void Judge_MailMergedHiSamInAutoMail_IsNotPersonal()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nWe have received your request.\n\nBest,\nEmma");

        var (personal, part) = Personalisation.Judge(letter, SomeLetter.Pricing, MessageKind.Auto);

        Assert.That(personal, Is.False);
        Assert.That(part.Evidence, Has.Member("auto mail: mail merge is not personal"));
    }

    [TestCase("The Brightwave Team")]
    [TestCase("Customer Support")]
    [TestCase("Brightwave")]
    [TestCase("Brightwave Support")]
    public void Judge_SignedByATeamOrTheCompany_IsNotPersonal(string signOff)
    {
        var letter = SomeLetter.Text($"Hi Sam,\n\nYes, we do.\n\nKind regards,\n{signOff}", from: "support@brightwave.io", fromName: "Brightwave Support");

        Assert.That(Personalisation.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Personal, Is.False);
    }

    [Test]
    public void Judge_GreetingWithoutTheShoppersName_IsNotPersonal()
    {
        var letter = SomeLetter.Text("Hello there,\n\nYes, we do.\n\nCheers,\nBen");

        Assert.That(Personalisation.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Personal, Is.False);
    }

    [Test]
    public void Judge_GreetsSomeoneElse_IsNotPersonal()
    {
        var letter = SomeLetter.Text("Hi Samantha,\n\nYes, we do.\n\nCheers,\nBen");

        Assert.That(Personalisation.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Personal, Is.False);
    }

    [Test]
    public void Judge_DashSignOffAndPersonAtCompany_ArePeople()
    {
        var dash = SomeLetter.Text("Hey Sam! Yes, we do.\n\n— Priya");
        var at = SomeLetter.Text("Dear Sam,\n\nYes, we do.\n\nThanks,\nLena from Quillstack");

        Assert.That((Personalisation.Judge(dash, SomeLetter.Pricing, MessageKind.Human).Personal, Personalisation.Judge(at, SomeLetter.Pricing, MessageKind.Human).Personal), Is.EqualTo((true, true)));
    }
}
