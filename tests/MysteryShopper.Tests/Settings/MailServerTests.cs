using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Settings;

public class MailServerTests
{
    [TestCase("none", MailSecurity.None)]
    [TestCase("starttls", MailSecurity.StartTls)]
    [TestCase("ssl", MailSecurity.Ssl)]
    [TestCase("auto", MailSecurity.Auto)]
    public void TryParseSecurity_KnownWord_ThatSecurity(string text, MailSecurity expected)
    {
        Assert.That(MailServer.TryParseSecurity(text, out var security, out var problem), Is.True);
        Assert.That(security, Is.EqualTo(expected));
        Assert.That(problem, Is.Null);
    }

    [TestCase("tls", "expected one of: none, starttls, ssl, auto")]
    [TestCase("startls", "did you mean 'starttls'?")]
    [TestCase("SSL", "did you mean 'ssl'?")]
    public void TryParseSecurity_OtherWord_IsNotKnown(string text, string hint)
    {
        Assert.That(MailServer.TryParseSecurity(text, out _, out var problem), Is.False);
        Assert.That(problem, Is.EqualTo(new SettingProblem($"'{text}' is not known", hint)));
    }

    [Test]
    public void SecurityNames_AreTheWordsInTheEnumsOrder() =>
        Assert.That(MailServer.SecurityNames, Is.EqualTo(new[] { "none", "starttls", "ssl", "auto" }));

    [Test]
    public void NewServer_AutoSecurityAndThirtySecondTimeout()
    {
        var server = new MailServer { Host = "mail.example.com", Port = 993 };

        Assert.That(server.Security, Is.EqualTo(MailSecurity.Auto));
        Assert.That(server.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void ToString_HostPortAndSecurity_NeverThePassword()
    {
        var server = new MailServer { Host = "mail.example.com", Port = 587, Security = MailSecurity.StartTls, User = "shopper", Password = "hunter2" };

        Assert.That(server.ToString(), Is.EqualTo("mail.example.com:587 (starttls)"));
    }
}
