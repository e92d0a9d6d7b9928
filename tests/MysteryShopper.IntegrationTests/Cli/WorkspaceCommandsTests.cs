using MysteryShopper.Cli;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary><c>mshop init</c>, <c>validate</c> and <c>plan</c> on a new workspace, as a new user runs them.</summary>
public class WorkspaceCommandsTests
{
    private static Task<(int Exit, string Output, string Error)> Mshop(params string[] args) => MshopProcess.RunAsync(args);

    [Test]
    public async Task Init_ThenValidate_Succeeds()
    {
        var folder = Path.Combine(TestPaths.NewScratch("init"), "workspace");

        var (initExit, initOutput, _) = await Mshop("init", folder);
        var (exit, output, error) = await Mshop("validate", folder);

        Assert.That(initExit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(initOutput, Does.Contain("mshop.yaml").And.Contain("contact-question.yaml").And.Contain("scenario.schema.json"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), error);
        Assert.That(output.Trim(), Is.EqualTo("2 scenario(s), 2 target(s), 4 probe(s): OK"));
    }

    [Test]
    public async Task Init_IntoAWorkspace_OverwritesNothing()
    {
        var folder = TestPaths.NewScratch("init-twice");
        await Mshop("init", folder);
        var targets = Path.Combine(folder, "targets.yaml");
        await File.WriteAllTextAsync(targets, "# mine\n");

        var (exit, _, error) = await Mshop("init", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("would overwrite").And.Contain("targets.yaml"));
        Assert.That(await File.ReadAllTextAsync(targets), Is.EqualTo("# mine\n"));
    }

    [Test]
    public async Task Plan_NewWorkspace_ListsProbesSubmissionsAndPolitenessSkips()
    {
        var folder = TestPaths.NewScratch("plan");
        await Mshop("init", folder);

        var (exit, output, error) = await Mshop("plan", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), error);
        Assert.That(output, Does.Contain("click role=button name=\"Send\" on https://www.example.com/contact"));
        Assert.That(output, Does.Contain("skipped: rival is already probed once in this run; min_gap is 1 h 0 m"));
        Assert.That(output, Does.Contain("4 probe(s): 3 will run, 1 skipped by politeness limits."));
    }

    [Test]
    public async Task Plan_TargetFilter_KeepsOnlyThatTarget()
    {
        var folder = TestPaths.NewScratch("plan-filter");
        await Mshop("init", folder);

        var (_, output, _) = await Mshop("plan", folder, "--target", "own");

        Assert.That(output, Does.Contain("2 probe(s): 2 will run, 0 skipped"));
        Assert.That(output, Does.Not.Contain("rival (competitor)"));
    }

    [Test]
    public async Task Plan_PathAfterATargetFilter_IsAPathNotASecondTarget()
    {
        var folder = TestPaths.NewScratch("plan-filter-path");
        await Mshop("init", folder);

        // One id per --target (repeat the option for more): the folder after it is the suite, never a target id.
        var (exit, output, error) = await Mshop("plan", "--target", "own", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), output + error);
        Assert.That(output, Does.Contain("2 probe(s): 2 will run, 0 skipped"));
    }

    [Test]
    public async Task Validate_OneScenarioFileInASubfolder_FindsTheWorkspaceFilesAbove()
    {
        var folder = TestPaths.NewScratch("one-file");
        await Mshop("init", folder);
        var scenario = Path.Combine(folder, "scenarios", "contact-question.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(scenario)!);
        File.Move(Path.Combine(folder, "contact-question.yaml"), scenario);

        var (exit, output, error) = await Mshop("validate", scenario);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), error);
        Assert.That(output.Trim(), Is.EqualTo("1 scenario(s), 2 target(s), 2 probe(s): OK"));
    }

    [Test]
    public async Task Plan_OneScenarioFile_UsesTheWorkspaceAndEchoesItsFilesRelativeAsGiven()
    {
        var folder = TestPaths.NewScratch("one-file-plan");
        await Mshop("init", folder);
        var targets = Path.Combine(folder, "targets.yaml");
        await File.WriteAllTextAsync(targets, (await File.ReadAllTextAsync(targets)).Replace("role: competitor", "role: competitr", StringComparison.Ordinal));
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            var (exit, _, error) = await Mshop("plan", "newsletter-signup.yaml");

            Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Match(@"^targets\.yaml:\d+:\d+: error: role 'competitr' is not known"));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public async Task Validate_OneScenarioFileOutsideAWorkspace_LooksOnlyInItsFolder()
    {
        var folder = TestPaths.NewScratch("one-file-alone");
        File.Copy(Path.Combine(TestPaths.Scenarios, "targets.yaml"), Path.Combine(folder, "targets.yaml"));
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(Path.Combine(TestPaths.Scenarios, "personas.yaml"), Path.Combine(folder, "sub", "personas.yaml"));
        File.Copy(Path.Combine(TestPaths.Scenarios, "newsletter-signup.yaml"), Path.Combine(folder, "sub", "newsletter-signup.yaml"));

        var (exit, _, error) = await Mshop("validate", Path.Combine(folder, "sub", "newsletter-signup.yaml"));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("unknown target").And.Not.Contain("unknown persona"));
    }

    [TestCase("", "personas.yaml:")]
    [TestCase("scenarios", "../personas.yaml:")]
    public async Task Validate_WithoutPaths_NamesTheFilesRelativeToHere(string here, string place)
    {
        var folder = TestPaths.NewScratch("relative");
        await Mshop("init", folder);
        Directory.CreateDirectory(Path.Combine(folder, "scenarios"));
        await File.AppendAllTextAsync(Path.Combine(folder, "personas.yaml"), "x: [\n");
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.Combine(folder, here);
        try
        {
            var (exit, _, error) = await Mshop("validate");

            Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.StartWith(place));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public async Task Validate_WithoutPathsOutsideAWorkspace_SaysHowToStart()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = TestPaths.NewScratch("nowhere");
        try
        {
            var (exit, _, error) = await Mshop("validate");

            Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Does.Contain("no mshop.yaml here or in a folder above").And.Contain("mshop init"));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
