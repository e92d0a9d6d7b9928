using MysteryShopper.Bots.Browser;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>Where the browser comes from: configuration, MSHOP_BROWSER, PATH (headless shell first for headless runs).</summary>
public class BrowserDiscoveryTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("mshop-discovery-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private string Executable(string folder, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, folder)).FullName;
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        return path;
    }

    private Func<string, string?> Environment(string path, string? browser = null) => name => name switch
    {
        "PATH" => path,
        BrowserDiscovery.EnvironmentVariable => browser,
        "HOME" => _root,
        _ => null,
    };

    [Test]
    public void Headless_PrefersTheHeadlessShell_AnywhereOnPath()
    {
        var chromium = Executable("first", "chromium");
        var shell = Executable("second", "chromium-headless-shell");
        var path = string.Join(Path.PathSeparator, Path.GetDirectoryName(chromium), Path.GetDirectoryName(shell));

        Assert.That(BrowserDiscovery.Find(environment: Environment(path)).Path, Is.EqualTo(shell));
        Assert.That(BrowserDiscovery.Find(headless: false, environment: Environment(path)).Path, Is.EqualTo(chromium), "the shell cannot show a window");
    }

    [Test]
    public void ConfigurationThenEnvironment_ComeBeforePath()
    {
        var shell = Executable("bin", "chromium-headless-shell");
        var chrome = Executable("opt", "chrome");
        var configured = Executable("mine", "my-chrome");
        var path = Path.GetDirectoryName(shell)!;

        Assert.That(BrowserDiscovery.Find(configured, environment: Environment(path, chrome)), Is.EqualTo(new BrowserExecutable(configured, "the configuration")));
        Assert.That(BrowserDiscovery.Find(environment: Environment(path, chrome)), Is.EqualTo(new BrowserExecutable(chrome, BrowserDiscovery.EnvironmentVariable)));
        Assert.That(BrowserDiscovery.Find(environment: Environment(path)), Is.EqualTo(new BrowserExecutable(shell, "PATH")));
    }

    [Test]
    public void MissingConfiguredBrowser_IsAClearError()
    {
        var missing = Path.Combine(_root, "nowhere", "chrome");

        var error = Assert.Throws<BrowserUnavailableException>(() => BrowserDiscovery.Find(environment: Environment("", missing)))!;

        Assert.That(error.Message, Does.Contain($"the browser set by {BrowserDiscovery.EnvironmentVariable} does not exist: {missing}"));
        Assert.That(error.Message, Does.Contain("apt-get install chromium-headless-shell chromium"));
    }

    [Test]
    public void NoBrowserAnywhere_SaysWhereItLookedAndHowToInstallOne()
    {
        var error = Assert.Throws<BrowserUnavailableException>(() => BrowserDiscovery.Find(environment: Environment(Path.Combine(_root, "empty"))))!;

        Assert.That(error.Message, Does.StartWith("no Chromium or Chrome browser was found (looked for: chromium-headless-shell, chromium, chromium-browser, google-chrome"));
        Assert.That(error.Message, Does.Contain("MSHOP_BROWSER"));
        Assert.That(error.Message, Does.Contain("sudo apt-get install"));
    }
}
