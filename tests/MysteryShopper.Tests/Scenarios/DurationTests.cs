using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Scenarios;

public class DurationTests
{
    [TestCase("500ms", 0.5)]
    [TestCase("10s", 10)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("3d", 259200)]
    [TestCase("1.5s", 1.5)]
    public void TryParse_ValidText_GivesSeconds(string text, double seconds)
    {
        Assert.That(Duration.TryParse(text, out var value), Is.True);
        Assert.That(value.TotalSeconds, Is.EqualTo(seconds).Within(1e-9));
    }

    [TestCase("")]
    [TestCase("10")]
    [TestCase("10 sec")]
    [TestCase("m5")]
    public void TryParse_InvalidText_Fails(string text) => Assert.That(Duration.TryParse(text, out _), Is.False);

    [TestCase(0.85, "850 ms")]
    [TestCase(4.2, "4.2 s")]
    [TestCase(200, "3 m 20 s")]
    [TestCase(18120, "5 h 2 m")]
    public void Format_Seconds_IsShortAndHuman(double seconds, string expected) =>
        Assert.That(Duration.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
}
