using MysteryShopper.Planning;

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
}
