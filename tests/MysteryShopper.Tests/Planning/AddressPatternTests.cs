using MysteryShopper.Planning;
using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Planning;

public class AddressPatternTests
{
    [Test]
    public void TokenOf_AddressMadeByThePattern_GivesTheToken()
    {
        var token = Planner.NewToken();
        Assert.That(AddressPattern.Default.TokenOf(AddressPattern.Default.For(token)), Is.EqualTo(token));
    }

    [TestCase("<Shopper+ABC123@Inbox.Mshop.Test>", "abc123")]
    [TestCase("shopper@inbox.mshop.test", null)]
    [TestCase("shopper+abc@other.test", null)]
    [TestCase("shopper+a.b@inbox.mshop.test", null)]
    public void TokenOf_OtherAddresses_MatchOnlyThePattern(string address, string? token) =>
        Assert.That(AddressPattern.Default.TokenOf(address), Is.EqualTo(token));

    [Test]
    public void NewToken_IsUniqueAndAddressSafe()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => Planner.NewToken()).ToList();
        Assert.That(tokens.Distinct().Count(), Is.EqualTo(1000));
        Assert.That(tokens, Has.All.Matches<string>(t => t.Length == 10 && t.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))));
    }

    [TestCase("shopper+{token}@example.com")]
    [TestCase("{token}@shop.example.com")]
    public void TryParse_AddressWithToken_IsThatPattern(string text)
    {
        Assert.That(AddressPattern.TryParse(text, out var pattern, out var problem), Is.True);
        Assert.That(pattern, Is.EqualTo(new AddressPattern(text)));
        Assert.That(problem, Is.Null);
    }

    [TestCase("shopper@example.com", "'shopper@example.com' has no {token}")]
    [TestCase("shopper+{TOKEN}@example.com", "'shopper+{TOKEN}@example.com' has no {token}")]
    [TestCase("{token}.example.com", "'{token}.example.com' is not an email address (it has no @)")]
    public void TryParse_OtherText_SaysWhatIsMissing(string text, string message)
    {
        Assert.That(AddressPattern.TryParse(text, out var pattern, out var problem), Is.False);
        Assert.That(pattern, Is.Null);
        Assert.That(problem, Is.EqualTo(new SettingProblem(message, AddressPattern.Hint)));
        Assert.That(problem!.Hint, Does.Contain("shopper+{token}@example.com"));
    }
}
