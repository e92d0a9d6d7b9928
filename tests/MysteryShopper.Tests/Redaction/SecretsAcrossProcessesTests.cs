using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Tests.Pipeline;
using Serilog.Core;

namespace MysteryShopper.Tests.Redaction;

/// <summary>
/// A suite with secrets through the real pipeline and the real SQLite store (fake browser, mailbox and clock): a run
/// that parks, a reply that quotes the secret stored while nothing runs, and a later collect that resumes the probe
/// from its stored suite. The store and the run folder never hold a secret, yet the probe goes on with them.
/// </summary>
[NonParallelizable]
public sealed class SecretsAcrossProcessesTests
{
    private const string Secret = "hunter2 Xq9&sé+cret<'/";
    private const string SecretUrl = "https://rival.example/staging-Qw7z9";

    private const string Journey = """
        name: ask
        targets: [rival]
        journey:
          - goto: "{target.url}/contact"
          - fill: { label: "Message", value: "My code is ${env:MSHOP_STORE_SECRET}" }
          - click: { role: button, name: "Send", submit: true }
          - mark: asked
          - expect_email: { as: answer, within: 2d, body: "${env:MSHOP_STORE_SECRET}" }
          - click_email_link: { email: answer, text: "confirm" }
        """;

    private string _folder = null!;
    private FakeTimeProvider _time = null!;
    private FakeBrowser _browser = null!;
    private FakeSender _sender = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-secrets-").FullName;
        _time = new FakeTimeProvider(Some.Start);
        _browser = new FakeBrowser();
        _sender = new FakeSender(_time);

        // A later collect loads the run's suite from the store, with the values this process's environment gives.
        Environment.SetEnvironmentVariable("MSHOP_STORE_SECRET", Secret);
        Environment.SetEnvironmentVariable("MSHOP_RIVAL_URL", SecretUrl);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _browser.DisposeAsync();
        Environment.SetEnvironmentVariable("MSHOP_STORE_SECRET", null);
        Environment.SetEnvironmentVariable("MSHOP_RIVAL_URL", null);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RunParksReplyQuotesSecretCollectResumes_StoreAndRunFolderHoldNoSecret()
    {
        var files = new List<SourceFile>
        {
            new("targets.yaml", """
                targets:
                  rival: { name: Rival, role: competitor, url: "${env:MSHOP_RIVAL_URL}", domains: [rival.example] }
                """),
            new("personas.yaml", "personas: { default: { name: Sam Shopper } }"),
            new("ask.yaml", Journey),
        };
        var suite = SuiteLoader.Load(files).Suite!;
        var settings = new RunSettings { WorkspaceFolder = _folder, Wait = TimeSpan.Zero };
        var storePath = Path.Combine(_folder, ".mshop", "store.db");

        // The run: the form is sent, the probe parks at expect_email.
        await using (var runMailbox = new FakeMailbox(_time, new StoreMailJournal(await SqliteStoreAsync(storePath))))
        {
            var run = await RunPipeline.RunAsync(suite, files, settings, new FakeParts(_browser, runMailbox, _sender), Logger.None, _time, CancellationToken.None);
            Assert.That(run.Result.Probes.Single().IsAwaiting, Is.True);
        }

        // While nothing runs, a reply quoting the secret arrives and is kept (as another process's mailbox would).
        await using var store = await SqliteStoreAsync(storePath);
        var token = (await store.ProbesInStateAsync([ProbeState.Awaiting], CancellationToken.None)).Single().Token;
        var reply = new ReceivedEmail
        {
            Id = "<reply-1@rival.example>",
            From = "Rival Support <support@rival.example>",
            To = [$"shopper+{token}@inbox.mshop.test"],
            Subject = $"Re: {Secret}",
            Text = $"You wrote: My code is {Secret}. Please confirm.",
            Links = [new EmailLink("confirm", $"https://rival.example/confirm?t=1")],
            ReceivedAt = _time.GetUtcNow() + TimeSpan.FromHours(3),
            SeenAt = _time.GetUtcNow() + TimeSpan.FromHours(3),
            Token = token,
        };
        await new StoreMailJournal(store).KeepAsync(new IncomingMessage(reply, Encoding.UTF8.GetBytes($"Subject: Re: {Secret}\r\n\r\n{reply.Text}"), "fake", "1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(4));

        // A later collect resumes the probe: the stored, masked reply still matches body: "${env:…}".
        await using (var collectMailbox = new FakeMailbox(_time, new StoreMailJournal(store)))
        await using (var collector = new Collector(store, collectMailbox, new FakeParts(_browser, collectMailbox, _sender), settings, _time, Logger.None))
        {
            var result = await collector.PassAsync(CancellationToken.None);
            Assert.That(result.Decided, Is.EqualTo(new Dictionary<ProbeState, int> { [ProbeState.Passed] = 1 }), string.Join("; ", StoreText.Of(storePath).Where(t => t.Where.Contains("state_reason", StringComparison.Ordinal)).Select(t => t.Text)));
        }

        Assert.That(_browser.Steps, Does.Contain("open:https://rival.example/confirm?t=1"), "the link of the masked reply was followed");
        var probe = (await store.FindProbeAsync(token, CancellationToken.None))!;
        Assert.That(probe.TargetUrl, Is.EqualTo(Redactor.Mask), "the target's URL came from ${env:…}: kept masked");
        Assert.That(Collector.Replan(suite, probe)!.TargetUrl, Is.EqualTo(SecretUrl), "a resumed probe takes it from its suite again");
        var message = (await store.MessagesOfProbeAsync(token, CancellationToken.None)).Single();
        Assert.That(StoreJson.Email(message).Text, Is.EqualTo($"You wrote: My code is {Redactor.Mask}. Please confirm."));
        Assert.That(message.Raw, Is.Empty, "a message whose reading showed a secret keeps no raw MIME");

        var outputs = StoreText.Of(storePath).Concat(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories)
            .Select(f => (Where: Path.GetRelativePath(_folder, f), Text: Encoding.UTF8.GetString(File.ReadAllBytes(f)))));
        foreach (var (secret, part) in new[] { (Secret, "hunter2"), (SecretUrl, "staging-Qw7z9") })
        {
            var leaks = outputs.SelectMany(o => SecretEncodings.Of(secret).Append((Name: "a telling part", Form: part))
                .Where(f => o.Text.Contains(f.Form, StringComparison.OrdinalIgnoreCase)).Select(f => $"{o.Where}: {f.Name}"));
            Assert.That(leaks, Is.Empty, secret);
        }
    }

    private static async Task<IStore> SqliteStoreAsync(string path) =>
        await MysteryShopper.Storage.Sqlite.SqliteStore.OpenAsync(path, CancellationToken.None);

}
