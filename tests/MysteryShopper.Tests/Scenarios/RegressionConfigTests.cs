using MysteryShopper.Scenarios;
using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Scenarios;

/// <summary>mshop.yaml's <c>regression:</c>: read over the defaults, each number checked with its place.</summary>
public sealed class RegressionConfigTests
{
    [Test]
    public void LoadConfig_RegressionKeys_ReadOverTheDefaults()
    {
        var (config, diagnostics) = SuiteLoader.LoadConfig(new SourceFile("mshop.yaml", """
            regression:
              alpha: 0.01
              min_effect: 0.5
              min_change: 2s
            """));

        Assert.Multiple(() =>
        {
            Assert.That(diagnostics, Is.Empty);
            Assert.That(config?.Regression, Is.EqualTo(RegressionSettings.Default with { Alpha = 0.01, MinEffect = 0.5, MinChange = TimeSpan.FromSeconds(2) }));
        });
    }

    [Test]
    public void LoadConfig_NoRegression_Defaults() =>
        Assert.That(SuiteLoader.LoadConfig(new SourceFile("mshop.yaml", "store: .mshop/store.db\n")).Config?.Regression, Is.EqualTo(RegressionSettings.Default));

    [Test]
    public void LoadConfig_OutOfRangeAndUnknownKeys_ErrorsWithPlaces()
    {
        var (config, diagnostics) = SuiteLoader.LoadConfig(new SourceFile("mshop.yaml", """
            regression:
              alpha: 0.9
              min_efect: 0.2
              tolerance: -1
            """));

        Assert.Multiple(() =>
        {
            Assert.That(config, Is.Null);
            Assert.That(diagnostics.Select(d => (d.Line, d.Message)), Is.SupersetOf(new[]
            {
                (2, "alpha must be a number from 0.001 to 0.5, not 0.9"),
                (4, "tolerance must be a number from 0 to 10, not -1"),
            }));
            Assert.That(diagnostics.Single(d => d.Line == 3).Hint, Does.Contain("min_effect"));
        });
    }
}
