using System.Net;
using System.Net.Sockets;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// Every part a run needs that is not there is one clear line and exit 3, found before anything is submitted: a closed
/// IMAP or SMTP port, TLS asked of a plain port, a refused login (the real Postfix + Dovecot), a browser or an output
/// folder given wrong. <c>mshop doctor</c> checks the configured parts, not the embedded defaults.
/// </summary>
[NonParallelizable]
public class UnreachablePartsTests
{
    private const string AskByEmail = """
        name: ask-by-email
        targets: [brightwave]
        persona: default
        journey:
          - send_email: { to: support, subject: "Annual plan?", body: "Do you offer an annual plan?" }
          - expect_email: { as: answer, within: 1m }
        """;

    private LocalMailServer _mail = null!;

    [OneTimeSetUp]
    public async Task StartMailServer() => _mail = await Mail.MailServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopMailServer() => await _mail.StopAsync(purge: true);

    [Test]
    public async Task Run_ImapOnAClosedPort_ExitsThreeWithOneLine_AndSubmitsNothing()
    {
        var port = ClosedPort();
        var workspace = DurableWorkspace.Create("imap-closed", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp },
            config: $"mailbox:\n  imap: {{ host: 127.0.0.1, port: {port}, security: none, user: shopper, password: secret }}\n");
        await using var serve = await DurableWorkspace.ServeAsync(workspace, 1);

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), run.Transcript);
        Assert.That(lines[0], Does.StartWith($"mshop: the IMAP server 127.0.0.1:{port} could not be reached").And.Contain("connection refused")
            .And.Contain("check mailbox.imap in mshop.yaml").And.Contain("mshop doctor"));
        Assert.That(serve.Output, Does.Not.Contain("submission from"), "the demo company was sent nothing");
        Assert.That(File.Exists(StoreRows.PathIn(workspace)) ? StoreRows.Probes(workspace) : [], Is.Empty, "no probe was reserved or started");
    }

    [Test]
    public async Task Run_SmtpOnAClosedPort_ExitsThreeBeforeAnyProbe()
    {
        var port = ClosedPort();
        var workspace = DurableWorkspace.Create("smtp-closed", new Dictionary<string, string> { ["ask.yaml"] = AskByEmail },
            config: $"sender:\n  smtp: {{ host: 127.0.0.1, port: {port}, security: none }}\n");

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error.Trim(), Does.StartWith($"mshop: the SMTP server 127.0.0.1:{port} could not be reached").And.Contain("check sender.smtp in mshop.yaml").And.Not.Contain("   at "));
        Assert.That(File.Exists(StoreRows.PathIn(workspace)) ? StoreRows.Probes(workspace) : [], Is.Empty);
    }

    [Test]
    public async Task Run_TlsAskedOfDovecotsPlainPort_SaysTheHandshakeFailed_WithoutAStackTrace()
    {
        var workspace = DurableWorkspace.Create("imap-tls", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp },
            config: $"mailbox:\n  imap: {{ host: 127.0.0.1, port: {_mail.ImapPort}, security: ssl, user: shopper@inbox.mshop.test, password: x }}\n");

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), run.Transcript);
        Assert.That(run.Error, Does.Contain($"the IMAP server 127.0.0.1:{_mail.ImapPort} did not complete a TLS handshake (security: ssl)").And.Contain("security (none, starttls, ssl)"));
    }

    [Test]
    public async Task Doctor_ConfiguredImapAndSmtpDown_FailsBothLines()
    {
        var (imap, smtp) = (ClosedPort(), ClosedPort());
        var workspace = DurableWorkspace.Create("doctor-down", new Dictionary<string, string>(),
            config: $"mailbox:\n  imap: {{ host: 127.0.0.1, port: {imap}, security: none, user: shopper, password: x }}\nsender:\n  smtp: {{ host: 127.0.0.1, port: {smtp}, security: none }}\n");

        var doctor = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "doctor");

        Assert.That(doctor.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), doctor.Transcript);
        Assert.That(doctor.Output, Does.Match($@"FAIL\s+mailbox\s+the IMAP server 127\.0\.0\.1:{imap} could not be reached")
            .And.Match($@"FAIL\s+sender\s+the SMTP server 127\.0\.0\.1:{smtp} could not be reached")
            .And.Not.Contain("Maildir"));
    }

    [Test]
    public async Task Doctor_RealPostfixAndDovecot_LogsInOpensTheFoldersAndGreetsSmtp()
    {
        var workspace = DurableWorkspace.Create("doctor-up", new Dictionary<string, string>(), config: Config(_mail.Password));

        var doctor = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "doctor");

        Assert.That(doctor.ExitCode, Is.EqualTo(ExitCodes.Ok), doctor.Transcript);
        Assert.That(doctor.Output, Does.Match($@"ok\s+mailbox\s+IMAP 127\.0\.0\.1:{_mail.ImapPort} \(none\) as shopper@inbox\.mshop\.test: logged in; watches INBOX \(\d+ message\(s\)\), Junk")
            .And.Match($@"ok\s+sender\s+SMTP 127\.0\.0\.1:{_mail.SmtpPort} \(none\): answered; nothing sent"));
    }

    [Test]
    public async Task Doctor_WrongImapPassword_SaysTheLoginWasRefused()
    {
        var workspace = DurableWorkspace.Create("doctor-login", new Dictionary<string, string>(), config: Config("not-the-password"));

        var doctor = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "doctor");

        Assert.That(doctor.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), doctor.Transcript);
        Assert.That(doctor.Output, Does.Match(@"FAIL\s+mailbox\s+the IMAP server \S+ refused the login for shopper@inbox\.mshop\.test; check mailbox\.imap in mshop\.yaml, its user and password"));
    }

    [Test]
    public async Task Run_BrowserGivenOnTheCommandLineMissing_BlamesTheOption()
    {
        var workspace = DurableWorkspace.Create("browser-option", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp });

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", "--browser", "/nonexistent/chromium");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error.Trim(), Does.StartWith("mshop: the browser set by --browser does not exist: /nonexistent/chromium; give --browser the path"));
        Assert.That(File.Exists(StoreRows.PathIn(workspace)) ? StoreRows.Probes(workspace) : [], Is.Empty, "a run that cannot browse reserves no probe");
    }

    [Test]
    public async Task Run_BrowserInMshopYamlMissing_BlamesTheFilesKey()
    {
        var workspace = DurableWorkspace.Create("browser-config", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp }, config: "browser: { executable: /nonexistent/chrome }\n");

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error, Does.Contain($"the browser set by browser.executable in {Path.Combine(workspace, "mshop.yaml")} does not exist: /nonexistent/chrome"));
    }

    [Test]
    public async Task Run_OutIsAFile_SaysSo()
    {
        var workspace = DurableWorkspace.Create("out-file", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp });
        var file = Path.Combine(workspace, "not-a-folder.txt");
        await File.WriteAllTextAsync(file, "");

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", "--out", file);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error.Trim(), Is.EqualTo($"mshop: the reports folder {file} (set by --out) cannot be used: {file} is a file, not a folder; give --out a folder (it is made when missing)"));
    }

    private string Config(string password) =>
        $"mailbox:\n  imap: {{ host: 127.0.0.1, port: {_mail.ImapPort}, security: none, user: shopper@inbox.mshop.test, password: \"{password}\" }}\n"
        + $"sender:\n  smtp: {{ host: 127.0.0.1, port: {_mail.SmtpPort}, security: none }}\n";

    /// <summary>A loopback port nothing listens on (bound by the system, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
