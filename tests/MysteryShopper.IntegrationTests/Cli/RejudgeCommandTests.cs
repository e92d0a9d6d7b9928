using System.Text.Json.Nodes;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// `mshop rejudge` with real processes: a demo run whose every received message has a card with evidence in
/// results.json, then judged again with another rubric after the demo and its mailbox are gone.
/// </summary>
[NonParallelizable]
public sealed class RejudgeCommandTests
{
    [Test]
    public async Task Rejudge_DemoRunWithAnotherRubric_EveryMessageHasACardAndTheScoreChangesWithNoMailbox()
    {
        var workspace = DurableWorkspace.Create("rejudge", new Dictionary<string, string>
        {
            ["sign-up.yaml"] = DurableWorkspace.SignUp + "\njudge:\n  welcome: { rubric: default }\n",
        });
        var serve = await DurableWorkspace.ServeAsync(workspace, 0.0002);
        MshopChild run;
        try
        {
            run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", ".", "--wait", "1m", "--trace", "off");
        }
        finally
        {
            await serve.DisposeAsync();
        }

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        var probe = StoreRows.Probes(workspace).Single();
        var messages = StoreRows.Messages(workspace).Where(m => m.Token == probe.Token).Select(m => m.Key.Trim('<', '>')).ToList();
        var cards = Cards(workspace, probe.RunId);
        Assert.That(messages, Is.Not.Empty, run.Transcript);
        Assert.That(cards.Select(c => c["id"]!.GetValue<string>().Trim('<', '>')), Is.EquivalentTo(messages), "every received message has a card");
        Assert.That(cards.SelectMany(c => c["card"]!["parts"]!.AsArray()).Count(p => p!["evidence"]!.AsArray().Count > 0), Is.GreaterThan(3), "with evidence");
        var before = cards.Single(c => c["as"]?.GetValue<string>() == "welcome")["card"]!;
        Assert.That(before["rubric"]!.GetValue<string>(), Is.EqualTo("marketing"), "default judges marketing mail by the marketing rubric");

        // No demo, no mailbox: the store alone.
        Directory.Delete(DurableWorkspace.Maildir(workspace), recursive: true);
        var rejudge = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "rejudge", "last", "--rubric", "reply");

        Assert.That(rejudge.ExitCode, Is.EqualTo(0), rejudge.Transcript);
        var after = Cards(workspace, probe.RunId).Single(c => c["as"]?.GetValue<string>() == "welcome")["card"]!;
        Assert.That(after["rubric"]!.GetValue<string>(), Is.EqualTo("reply"));
        Assert.That(after["score"]!.GetValue<double>(), Is.Not.EqualTo(before["score"]!.GetValue<double>()));
        var show = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "show", probe.Token);
        Assert.That(show.Output, Does.Contain("card: marketing").And.Contain("rubric reply"), show.Transcript);
        Assert.That(rejudge.Output, Does.Contain($"welcome: quality {before["score"]!.GetValue<double>():0.0} → {after["score"]!.GetValue<double>():0.0} (changed)"), rejudge.Transcript);
    }

    [Test]
    public async Task Rejudge_BrokenRubricFile_EachProblemWithLineAndColumnExit2()
    {
        var workspace = TestPaths.NewScratch("rejudge-rubric");
        await File.WriteAllTextAsync(Path.Combine(workspace, "strict.yaml"), "name: strict\nweights: { answerd: 2, tone: -1 }\n");

        var rejudge = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "rejudge", "last", "--rubric", "strict.yaml");

        Assert.That(rejudge.ExitCode, Is.EqualTo(2), rejudge.Transcript);
        Assert.That(rejudge.Error, Does.Contain("strict.yaml:2:12").And.Contain("answered"), rejudge.Transcript);
        Assert.That(rejudge.Error, Does.Contain("strict.yaml:2:30"), rejudge.Transcript);
        Assert.That(File.Exists(StoreRows.PathIn(workspace)), Is.False, "a bad rubric stops before the store is opened");
    }

    private static List<JsonNode> Cards(string workspace, string runId)
    {
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(workspace, "reports", runId, "results.json")))!;
        return [.. results["probes"]!.AsArray().SelectMany(p => p!["verdict"]!["cards"]?.AsArray() ?? []).Select(c => c!)];
    }
}
