using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Planning;

public class PlanFilterTests
{
    private static readonly Suite Suite = SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", """
            targets:
              own: { role: own, url: "https://own.example", tags: [eu] }
              rival: { role: competitor, url: "https://rival.example" }
              unused: { role: competitor, url: "https://unused.example", tags: [never] }
            """),
        new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
        new SourceFile("s.yaml", """
            name: visit
            tags: [smoke]
            targets: [rival, own]
            journey:
              - goto: "{target.url}"
            """),
    ]).Suite!;

    [Test]
    public void NothingKept_NoFilter_IsNull() =>
        Assert.That(PlanFilter.All.NothingKept(Suite), Is.Null);

    [Test]
    public void NothingKept_AKeptProbe_IsNull() =>
        Assert.That(new PlanFilter(["rival", "nosuch"], ["smoke"]).NothingKept(Suite), Is.Null);

    [Test]
    public void NothingKept_UnknownTarget_NamesItAndTheTargetsScenariosUse() =>
        Assert.That(new PlanFilter(["nosuch"], []).NothingKept(Suite), Is.EqualTo("no probe matches --target nosuch; the targets are: own, rival"));

    [Test]
    public void NothingKept_UnknownTag_NamesItAndTheTagsThatExist() =>
        Assert.That(new PlanFilter([], ["smok"]).NothingKept(Suite), Is.EqualTo("no probe matches --tag smok; the tags are: eu, smoke"));

    [Test]
    public void NothingKept_TargetAndTagThatNeverMeet_NamesBoth() =>
        Assert.That(new PlanFilter(["rival"], ["eu"]).NothingKept(Suite), Is.EqualTo("no probe matches --target rival --tag eu; the targets are: own, rival; the tags are: eu, smoke"));
}
