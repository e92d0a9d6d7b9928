using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using MysteryShopper.Storage;

namespace MysteryShopper.Tests.Pipeline;

public class RunSettingsTests
{
    [Test]
    public void ChecksOf_StoredSettings_AreTheChecksTheRunStartedWith()
    {
        Assert.That(SpamdAddress.TryParse("127.0.0.1:783", out var spamd, out _), Is.True);
        var config = new WorkspaceConfig { Checks = new MessageChecks { Links = true, Dkim = true, Spamd = spamd } };
        var settings = RunSettings.From(config);
        var stored = new StoredSettings { AddressPattern = "shopper+{token}@example.com", CheckLinks = settings.Checks.Links, CheckDkim = settings.Checks.Dkim, Spamd = settings.Checks.Spamd?.ToString() };

        var again = RunSettings.ChecksOf(StoreJson.Settings(StoreJson.Settings(stored))!);

        Assert.That(again, Is.EqualTo(config.Checks));
        Assert.That(again.ToString(), Is.EqualTo("links, DKIM, spamd at 127.0.0.1:783"));
    }

    [Test]
    public void ChecksOf_SettingsStoredBeforeChecksExisted_AreNone()
    {
        var stored = StoreJson.Settings("""{"addressPattern":"shopper+{token}@example.com"}""")!;

        Assert.That(RunSettings.ChecksOf(stored).Any, Is.False);
    }
}
