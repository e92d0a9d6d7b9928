using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Settings;

public class WholeNumbersTests
{
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(64)]
    public void TryFrom_WholeNumberInRange_IsThatNumber(double number)
    {
        Assert.That(Parallelism.Range.TryFrom(number, out var value, out var problem), Is.True);
        Assert.That(value, Is.EqualTo((int)number));
        Assert.That(problem, Is.Null);
    }

    [TestCase(0, "a whole number from 1 to 64, not 0")]
    [TestCase(65, "a whole number from 1 to 64, not 65")]
    [TestCase(2.5, "a whole number from 1 to 64, not 2.5")]
    [TestCase(-1, "a whole number from 1 to 64, not -1")]
    [TestCase(1e12, "a whole number from 1 to 64, not 1000000000000")]
    public void TryFrom_OtherNumber_SaysTheRangeAndShowsTheNumberBare(double number, string message)
    {
        Assert.That(Parallelism.Range.TryFrom(number, out _, out var problem), Is.False);
        Assert.That(problem, Is.EqualTo(new SettingProblem(message)));
    }

    [TestCase("1", 1)]
    [TestCase("64", 64)]
    [TestCase("+8", 8)]
    public void TryParse_WholeNumberInRange_IsThatNumber(string text, int expected)
    {
        Assert.That(Parallelism.Range.TryParse(text, out var value, out _), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("abc", "a whole number from 1 to 64, not 'abc'")]
    [TestCase("0", "a whole number from 1 to 64, not '0'")]
    [TestCase("2.5", "a whole number from 1 to 64, not '2.5'")]
    [TestCase("", "a whole number from 1 to 64, not ''")]
    public void TryParse_OtherText_SaysTheRangeAndQuotesTheText(string text, string message)
    {
        Assert.That(Parallelism.Range.TryParse(text, out _, out var problem), Is.False);
        Assert.That(problem!.Message, Is.EqualTo(message));
        Assert.That(problem.Hint, Is.Null);
    }

    [Test]
    public void Ports_AreOneTo65535()
    {
        Assert.That(MailServer.Ports.TryFrom(65535, out _, out _), Is.True);
        Assert.That(MailServer.Ports.TryFrom(70000, out _, out var problem), Is.False);
        Assert.That(problem!.Message, Is.EqualTo("a whole number from 1 to 65535, not 70000"));
    }
}
