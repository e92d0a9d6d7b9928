using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class SyllablesTests
{
    [TestCase("the", 1)]
    [TestCase("cat", 1)]
    [TestCase("make", 1)]
    [TestCase("free", 1)]
    [TestCase("table", 2)]
    [TestCase("sales", 1)]
    [TestCase("tables", 2)]
    [TestCase("prices", 2)]
    [TestCase("gives", 1)]
    [TestCase("minutes", 2)]
    [TestCase("companies", 3)]
    [TestCase("applied", 2)]
    [TestCase("asked", 1)]
    [TestCase("wanted", 2)]
    [TestCase("offered", 2)]
    [TestCase("going", 2)]
    [TestCase("saying", 2)]
    [TestCase("question", 2)]
    [TestCase("quality", 3)]
    [TestCase("language", 2)]
    [TestCase("annual", 3)]
    [TestCase("usual", 3)]
    [TestCase("premium", 3)]
    [TestCase("priority", 4)]
    [TestCase("various", 3)]
    [TestCase("delicious", 3)]
    [TestCase("subscription", 3)]
    [TestCase("integrations", 4)]
    [TestCase("additionally", 5)]
    [TestCase("considerable", 5)]
    [TestCase("completely", 3)]
    [TestCase("statement", 2)]
    [TestCase("happy", 2)]
    [TestCase("you", 1)]
    [TestCase("follow-up", 3)]
    [TestCase("business", 2)]
    [TestCase("people", 2)]
    [TestCase("Pricing", 2)]
    public void Count_EnglishWord_GivesDictionarySyllables(string word, int expected) =>
        Assert.That(Syllables.Count(word), Is.EqualTo(expected));
}
