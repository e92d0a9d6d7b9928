namespace MysteryShopper.IntegrationTests;

/// <summary>Folders the tests use: the example suite as users have it, and a scratch folder per test run.</summary>
public static class TestPaths
{
    public static string Scenarios => Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios");

    public static string NewScratch(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "mshop-tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }
}
