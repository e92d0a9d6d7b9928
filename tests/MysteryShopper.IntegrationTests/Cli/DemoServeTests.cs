using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// <c>mshop demo serve</c> as users run it: the built mshop.dll in a child process, found through its discovery file,
/// stopped with SIGTERM; and Corvid's next-day answer arriving in the Maildir long after the form was posted.
/// </summary>
[NonParallelizable]
public class DemoServeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Serve_Started_AnnouncesLiveCompaniesAndSigtermStopsItCleanly()
    {
        var workspace = TestPaths.NewScratch("serve");
        await using var serve = ServeProcess.Start(workspace, "--time-scale", "0.01");
        var file = ServedDemo.DiscoveryFile(workspace);
        await serve.WaitForAsync(() => File.Exists(file));

        var served = await ServedDemo.FindAsync(workspace, Logger.None, CancellationToken.None);
        Assert.That(served, Is.Not.Null, serve.Output);
        Assert.That(served!.Discovery.Pid, Is.EqualTo(serve.Pid));
        Assert.That(served.Discovery.TimeScale, Is.EqualTo(0.01));
        Assert.That(served.Maildir, Is.EqualTo(Path.Combine(workspace, ".mshop", "mail")));
        Assert.That(served.Discovery.Pickup, Is.EqualTo(Path.Combine(workspace, ".mshop", "outbox")), "the pickup folder the companies read");
        Assert.That(served.Over(new RunSettings(), Logger.None).Pickup, Is.EqualTo(served.Discovery.Pickup), "runs send into it");
        Assert.That(served.Discovery.Companies.Keys, Is.EquivalentTo(new[] { "brightwave", "corvid", "dunmore" }));
        using var http = new HttpClient();
        foreach (var (id, url) in served.Discovery.Companies)
        {
            using var contact = await http.GetAsync(new Uri(url, "contact"));
            Assert.That(contact.IsSuccessStatusCode, Is.True, $"{id} {url}contact: {contact.StatusCode}");
            using var lab = await http.GetAsync(new Uri(url, "lab/dialogs"));
            Assert.That(lab.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound), $"{id}: no lab pages unless asked for");
            Assert.That(serve.Output, Does.Contain(url.ToString().TrimEnd('/')), "the URL is printed");
        }

        Assert.That(serve.Output, Does.Contain(served.Maildir), "where mail goes is printed");

        var second = await ServeProcess.RunToEndAsync(workspace, "--time-scale", "0.01");
        Assert.That(second.Exit, Is.EqualTo(ExitCodes.InvalidInput), second.Output);
        Assert.That(second.Output, Does.Contain("already served"));

        var exit = await serve.StopAsync();
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), serve.Output);
        Assert.That(File.Exists(file), Is.False, "the discovery file is removed on a clean stop");
    }

    [Test]
    public async Task Serve_Lab_ServesTheLabPages()
    {
        var workspace = TestPaths.NewScratch("serve-lab");
        await using var serve = ServeProcess.Start(workspace, "--time-scale", "0.01", "--lab");
        await serve.WaitForAsync(() => File.Exists(ServedDemo.DiscoveryFile(workspace)));
        var served = await ServedDemo.FindAsync(workspace, Logger.None, CancellationToken.None);
        Assert.That(served, Is.Not.Null, serve.Output);
        using var http = new HttpClient();
        foreach (var (id, url) in served!.Discovery.Companies)
        {
            using var lab = await http.GetAsync(new Uri(url, "lab/dialogs"));
            Assert.That(lab.IsSuccessStatusCode, Is.True, $"{id} {url}lab/dialogs: {lab.StatusCode}");
        }

        Assert.That(await serve.StopAsync(), Is.EqualTo(ExitCodes.Ok), serve.Output);
    }

    [Test]
    public async Task FindAsync_FileOfAGoneProcess_IsIgnoredWithALogLine()
    {
        var workspace = TestPaths.NewScratch("stale");
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        await gone.WaitForExitAsync();
        await ServedDemo.WriteAsync(ServedDemo.DiscoveryFile(workspace), Discovery(gone.Id, new Uri("http://127.0.0.1:9/")), CancellationToken.None);
        var log = new CollectedLog();

        var served = await ServedDemo.FindAsync(workspace, log.Logger, CancellationToken.None);

        Assert.That(served, Is.Null);
        Assert.That(log.Messages, Has.One.Contains("stale").And.Contains(gone.Id.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task FindAsync_LiveProcessWhoseCompaniesDoNotAnswer_IsIgnored()
    {
        var workspace = TestPaths.NewScratch("silent");
        // This process is alive, but nothing listens on the discard port.
        await ServedDemo.WriteAsync(ServedDemo.DiscoveryFile(workspace), Discovery(Environment.ProcessId, new Uri("http://127.0.0.1:9/")), CancellationToken.None);
        var log = new CollectedLog();

        var served = await ServedDemo.FindAsync(workspace, log.Logger, CancellationToken.None);

        Assert.That(served, Is.Null);
        Assert.That(log.Messages, Has.One.Contains("does not answer"));
    }

    [Test]
    public async Task Corvid_ContactFormPosted_PersonsAnswerLandsInTheMaildirAfterTheScaledDayWithTheAskerGone()
    {
        // 20 h × 0.00005 = 3.6 s.
        const double scale = 0.00005;
        var workspace = TestPaths.NewScratch("overnight");
        var maildir = Path.Combine(workspace, "mail");
        await using var serve = ServeProcess.Start(workspace, "--time-scale", scale.ToString(CultureInfo.InvariantCulture), "--maildir", maildir);
        await serve.WaitForAsync(() => File.Exists(ServedDemo.DiscoveryFile(workspace)));
        var served = (await ServedDemo.FindAsync(workspace, Logger.None, CancellationToken.None))!;
        Assert.That(served.Maildir, Is.EqualTo(maildir));

        var asker = $"shopper+{Guid.NewGuid():N}@inbox.mshop.test";
        var asked = Stopwatch.GetTimestamp();
        using (var http = new HttpClient())
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Alex Morgan",
                ["email"] = asker,
                ["message"] = "Do you offer an annual plan, and what discount would 20 seats get?",
            });
            using var posted = await http.PostAsync(new Uri(served.Discovery.Companies["corvid"], "contact"), form);
            Assert.That(await posted.Content.ReadAsStringAsync(), Does.Contain("Thank you"));
        }

        // The asker has gone; only the serving process is left to answer.
        var newMail = Path.Combine(maildir, "new");
        await serve.WaitForAsync(() => Directory.Exists(newMail) && Directory.GetFiles(newMail).Length >= 2);
        var arrived = Stopwatch.GetElapsedTime(asked);

        var messages = await Task.WhenAll(Directory.GetFiles(newMail).Select(f => MimeMessage.LoadAsync(f)));
        Assert.That(messages.Select(m => m.To.Mailboxes.Single().Address), Has.All.EqualTo(asker));
        // Both carry Auto-Submitted (the answer goes through Corvid's helpdesk); the answer is the one threaded under the ack.
        var ack = messages.Single(m => m.InReplyTo is null);
        var answer = messages.Single(m => m.InReplyTo is not null);
        Assert.That(answer.From.Mailboxes.Single().Name, Is.EqualTo("Edmund Hale"));
        Assert.That(answer.InReplyTo, Is.EqualTo(ack.MessageId), "threaded under the acknowledgement");
        Assert.That(answer.TextBody, Does.Contain("annual").And.Contain("discount").And.Contain("seats").And.Contain("Dear Alex"));
        var day = TimeSpan.FromHours(20) * scale;
        Assert.That(arrived, Is.GreaterThanOrEqualTo(day * 0.9), "not before the scaled 20 hours");
        Assert.That(answer.Date - ack.Date, Is.GreaterThanOrEqualTo(day * 0.9 - TimeSpan.FromSeconds(1)));
        Assert.That(await serve.StopAsync(), Is.EqualTo(ExitCodes.Ok), serve.Output);
    }

    [Test]
    public async Task Run_WorkspaceWithAServedDemo_UsesItsCompaniesAndReadsItsMaildir()
    {
        var workspace = TestPaths.NewScratch("served-run");
        await using var serve = ServeProcess.Start(workspace, "--time-scale", "0.01");
        await serve.WaitForAsync(() => File.Exists(ServedDemo.DiscoveryFile(workspace)));
        var shared = (await SuiteLoader.ReadFilesAsync([TestPaths.Scenarios], CancellationToken.None))
            .Where(f => Path.GetFileName(f.Path) is "targets.yaml" or "personas.yaml");
        List<SourceFile> files = [
            .. shared,
            new SourceFile(Path.Combine(workspace, SuiteLoader.ConfigFile), "run: { parallel: 1 }\n"),
            new SourceFile(Path.Combine(workspace, "ask.yaml"), """
                name: ask
                targets: [corvid]
                persona: default
                journey:
                  - goto: "{target.url}/contact"
                  - fill: { label: "Name", value: "{persona.name}" }
                  - fill: { label: "Email", value: "{probe.email}" }
                  - fill: { label: "Message", value: "Is there an annual plan?" }
                  - click: { role: button, name: "Send", submit: true }
                  - expect_text: "Thank you"
                  - expect_email: { as: ack, within: 20s, kind: auto }
                """)];
        var result = SuiteLoader.Load(files);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));

        var outcome = await RunPipeline.RunAsync(result.Suite!, files, new RunSettings(), CliRunParts.System, Logger.None, TimeProvider.System, CancellationToken.None);

        var probe = outcome.Result.Probes.Single();
        Assert.That(probe.Verdict.Passed, Is.True, probe.Record.Failure?.ToString());
        var served = await ServedDemo.FindAsync(workspace, Logger.None, CancellationToken.None);
        Assert.That(probe.Record.Emails.Single().Source, Does.StartWith(served!.Maildir!), "read from the Maildir the served demo delivers to");
        Assert.That(serve.Output, Does.Contain("corvid sent contact acknowledgement"), "the served process took the form");
        Assert.That(Directory.Exists(Path.Combine(outcome.Directory, "mail")), Is.False, "no Maildir of the run's own");
    }

    [Test]
    public async Task Validate_OvernightExample_HasNoErrors()
    {
        var example = Path.Combine(RepositoryRoot(), "docs", "examples", "overnight");

        var (exit, output, error) = await MshopProcess.RunAsync("validate", example);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), output + error);
    }

    private static DemoDiscovery Discovery(int pid, Uri url) => new(
        pid,
        DateTimeOffset.UtcNow,
        1,
        new Dictionary<string, Uri> { ["brightwave"] = url, ["corvid"] = url, ["dunmore"] = url },
        "/tmp/mshop-no-such-maildir",
        null,
        null);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MysteryShopper.sln) is not above the test folder.");
    }

    /// <summary>`dotnet mshop.dll demo serve …` in a workspace, its output collected; killed if a test leaves it running.</summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ServeProcess(Process process)
        {
            _process = process;
        }

        public int Pid => _process.Id;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ServeProcess Start(string workspace, params string[] options)
        {
            var mshop = Path.Combine(TestContext.CurrentContext.TestDirectory, "mshop.dll");
            var start = new ProcessStartInfo("dotnet", [mshop, "demo", "serve", .. options])
            {
                WorkingDirectory = workspace,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = new Process { StartInfo = start };
            var serve = new ServeProcess(process);
            process.OutputDataReceived += (_, e) => serve.Append(e.Data);
            process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return serve;
        }

        public static async Task<(int Exit, string Output)> RunToEndAsync(string workspace, params string[] options)
        {
            await using var serve = Start(workspace, options);
            using var timeout = new CancellationTokenSource(Patience);
            await serve._process.WaitForExitAsync(timeout.Token);
            return (serve._process.ExitCode, serve.Output);
        }

        public async Task WaitForAsync(Func<bool> condition)
        {
            var started = Stopwatch.GetTimestamp();
            while (!condition())
            {
                if (_process.HasExited)
                {
                    Assert.Fail($"mshop demo serve ended with {_process.ExitCode}: {Output}");
                }

                if (Stopwatch.GetElapsedTime(started) > Patience)
                {
                    Assert.Fail($"gave up waiting after {Patience.TotalSeconds} s: {Output}");
                }

                await Task.Delay(50);
            }
        }

        /// <summary>SIGTERM, as a service manager or `kill` stops it; the exit code.</summary>
        public async Task<int> StopAsync()
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))!)
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(Patience);
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Every rendered log message, for asserting on what was said.</summary>
    private sealed class CollectedLog : ILogEventSink
    {
        private readonly List<string> _messages = [];

        public CollectedLog()
        {
            Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();
        }

        public ILogger Logger { get; }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_messages)
            {
                _messages.Add(logEvent.RenderMessage(CultureInfo.InvariantCulture));
            }
        }
    }
}
