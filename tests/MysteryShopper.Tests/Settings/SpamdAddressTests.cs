using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Settings;

public class SpamdAddressTests
{
    [TestCase("127.0.0.1:783", "127.0.0.1", 783)]
    [TestCase("spamd.internal:10783", "spamd.internal", 10783)]
    [TestCase("[::1]:783", "::1", 783)]
    public void TryParse_HostAndPort_ReadsBoth(string text, string host, int port)
    {
        Assert.That(SpamdAddress.TryParse(text, out var address, out var problem), Is.True);
        Assert.That((address!.Host, address.Port, problem), Is.EqualTo((host, port, (SettingProblem?)null)));
        Assert.That(address.ToString(), Is.EqualTo(text));
    }

    [TestCase("localhost")]
    [TestCase(":783")]
    [TestCase("127.0.0.1:0")]
    [TestCase("127.0.0.1:70000")]
    [TestCase("127.0.0.1:x")]
    [TestCase("spam d:783")]
    public void TryParse_AnythingElse_IsNotHostAndPort(string text)
    {
        Assert.That(SpamdAddress.TryParse(text, out var address, out var problem), Is.False);
        Assert.That(address, Is.Null);
        Assert.That(problem, Is.EqualTo(new SettingProblem($"'{text}' is not HOST:PORT", SpamdAddress.Hint)));
        Assert.That(problem!.ForOption("--spamd"), Does.StartWith($"--spamd '{text}' is not HOST:PORT (write HOST:PORT"));
    }
}
