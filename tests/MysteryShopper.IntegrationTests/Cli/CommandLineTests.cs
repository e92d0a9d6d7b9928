using MysteryShopper.Cli;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>The command line as a user meets it: help, usage errors, validation. No browser needed.</summary>
public class CommandLineTests
{
    private static Task<(int Exit, string Output, string Error)> Mshop(params string[] args) => MshopProcess.RunAsync(args);

    [Test]
    public async Task Help_ListsTheCommands()
    {
        var (exit, output, _) = await Mshop("--help");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("demo").And.Contain("run").And.Contain("validate"));
    }

    [Test]
    public async Task UnknownCommand_ExitsWithInvalidInputAndSaysSo()
    {
        var (exit, _, error) = await Mshop("dmeo");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("dmeo").And.Contain("mshop --help"));
    }

    [TestCase("demo --paralel 3", "--parallel")]
    [TestCase("run scenarios --paralel 3", "--parallel")]
    [TestCase("run scenarios --paralel=3", "--parallel")]
    [TestCase("plan scenarios --tagg smoke", "--tag")]
    [TestCase("validate --verbse scenarios", "--verbose")]
    public async Task UnknownOption_IsNamedWithASuggestion_NeverTakenForAPath(string line, string suggestion)
    {
        var (command, option) = (line.Split(' ')[0], line.Split(' ').First(w => w.StartsWith('-')));

        var (exit, _, error) = await Mshop(line.Split(' '));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith($"mshop: unknown option {option} for '{command}' (did you mean {suggestion}?)").And.Not.Contain("no such file"));
        Assert.That(error, Does.Contain($"mshop {command} --help"));
    }

    [Test]
    public async Task UnknownOption_OfRun_SuggestsParallel()
    {
        var (exit, _, error) = await Mshop("run", "scenarios", "--paralel", "3");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("mshop: unknown option --paralel for 'run' (did you mean --parallel?)"));
    }

    [Test]
    public async Task UnknownOption_NothingClose_PointsAtTheCommandsHelp()
    {
        var (exit, _, error) = await Mshop("validate", "--zzzzzz");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("mshop: unknown option --zzzzzz for 'validate' (see 'mshop validate --help')"));
    }

    [Test]
    public async Task OptionLikePath_AfterDoubleDash_IsAPath()
    {
        var (exit, _, error) = await Mshop("validate", "--", "--paralel");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("no such file or folder: --paralel"));
    }

    [TestCase("run", "--parallel", "abc", "mshop: --parallel needs a whole number from 1 to 64, not 'abc'")]
    [TestCase("run", "--parallel", "0", "mshop: --parallel needs a whole number from 1 to 64, not '0'")]
    [TestCase("demo", "--parallel", "2.5", "mshop: --parallel needs a whole number from 1 to 64, not '2.5'")]
    [TestCase("run", "--time-scale", "fast", "mshop: --time-scale needs a number above 0 and at most 100 such as 0.5, not 'fast'")]
    [TestCase("demo", "--time-scale", "-1", "mshop: --time-scale needs a number above 0 and at most 100 such as 0.5, not '-1'")]
    [TestCase("demo serve", "--time-scale", "x", "mshop: --time-scale needs a number above 0 and at most 100 such as 0.5, not 'x'")]
    [TestCase("demo serve", "--mail", "imap", "mshop: --mail must be maildir or smtp, not 'imap'")]
    [TestCase("demo", "--mail", "imap", "mshop: --mail must be maildir or smtp, not 'imap'")]
    [TestCase("runs", "--limit", "many", "mshop: --limit needs a whole number from 1 to 10000, not 'many'")]
    public async Task BadTypedOptionValue_NamesTheOptionAndWhatItAccepts(string command, string option, string value, string message)
    {
        var (exit, output, error) = await Mshop([.. command.Split(' '), option, value]);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith(message).And.Not.Contain("System."));
        Assert.That(error, Does.Contain($"mshop {command} --help"));
        Assert.That(output, Is.Empty);
    }

    [TestCase("run --parallel", "mshop: --parallel needs a value (N)")]
    [TestCase("run scenarios --trace", "mshop: --trace needs a value (on-failure|off)")]
    [TestCase("demo serve --time-scale", "mshop: --time-scale needs a value (FACTOR)")]
    public async Task OptionWithoutItsValue_SaysWhatTheValueIs(string line, string message)
    {
        var (exit, _, error) = await Mshop(line.Split(' '));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith(message));
    }

    [TestCase("rn", "did you mean 'run'?")]
    [TestCase("valdate", "did you mean 'validate'?")]
    [TestCase("hello", "expected one of: demo, run")]
    public async Task UnknownCommand_IsNamedWithASuggestion_AlsoWithHelp(string command, string hint)
    {
        foreach (var args in new[] { new[] { command }, [command, "--help"], [command, "scenarios", "--target", "corvid"] })
        {
            var (exit, output, error) = await Mshop(args);

            Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput), string.Join(' ', args));
            Assert.That(error, Does.StartWith($"mshop: unknown command '{command}' ({hint}"), string.Join(' ', args));
            Assert.That(output, Is.Empty, string.Join(' ', args));
        }
    }

    [Test]
    public async Task UnknownSubcommand_OfDemo_IsNamedWithASuggestion()
    {
        var (exit, _, error) = await Mshop("demo", "srve");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("mshop: unknown command 'srve' of 'demo' (did you mean 'serve'?)"));
    }

    [TestCase("run", "--parallel")]
    [TestCase("demo serve", "--time-scale")]
    [TestCase("runs", "--limit")]
    public async Task CommandHelp_ShowsThatCommandsHelp(string command, string option)
    {
        var (exit, output, _) = await Mshop([.. command.Split(' '), "--help"]);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        // In-process the usage line starts with the test host's name, not mshop's.
        Assert.That(output, Does.Contain($" {command} [").And.Contain(option).And.Not.Contain("install-browser"));
    }

    [TestCase("--screenshots", "some", "--screenshots must be all or failures, not 'some'")]
    [TestCase("--trace", "always", "--trace must be on-failure or off, not 'always'")]
    public async Task BadOptionValue_ExitsWithInvalidInputAndSaysWhatIsAllowed(string option, string value, string message)
    {
        var (exit, _, error) = await Mshop("run", TestPaths.Scenarios, option, value);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain(message));
    }

    [TestCase("plan", "--target", "nosuch", "mshop: no probe matches --target nosuch; the targets are: brightwave, corvid, dunmore")]
    [TestCase("run", "--target", "nosuch", "mshop: no probe matches --target nosuch; the targets are: brightwave, corvid, dunmore")]
    [TestCase("run", "--tag", "nosuch", "mshop: no probe matches --tag nosuch; no scenario or target has a tag")]
    public async Task Filter_SelectingNoProbe_ExitsWithInvalidInputBeforeAnythingStarts(string command, string option, string value, string message)
    {
        var workspace = TestPaths.NewScratch("filter");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Scenarios))
        {
            File.Copy(file, Path.Combine(workspace, Path.GetFileName(file)));
        }

        var (exit, output, error) = await Mshop(command, workspace, option, value);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Trim(), Is.EqualTo(message));
        Assert.That(output, Is.Empty);
        Assert.That(Directory.EnumerateDirectories(workspace), Is.Empty, "no store, no reports");
    }

    [Test]
    public async Task Demo_TagSelectingNoProbe_ExitsWithInvalidInputBeforeTheCompaniesStart()
    {
        var (exit, output, error) = await Mshop("demo", "--tag", "nosuch", "--mail", "smtp");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.Trim(), Is.EqualTo("mshop: no probe matches --tag nosuch; no scenario or target has a tag"));
        Assert.That(output, Is.Empty);
    }

    [TestCase("run", "--parallel <N>", "(default 3)", "--out <DIR>", "--wait <DURATION>", "--trace <on-failure|off>", "--time-scale <FACTOR>")]
    [TestCase("demo", "--mail <maildir|smtp>", "[default: maildir]", "--target <ID>", "--tag <TAG>")]
    [TestCase("demo serve", "--time-scale <FACTOR>", "default 1)", "--maildir <DIR>")]
    [TestCase("runs", "--limit <N>", "(default 20)")]
    [TestCase("prune", "--older-than <AGE>")]
    [TestCase("watch", "--every <DURATION>", "(default 30s)")]
    public async Task CommandHelp_ShowsValueNamesAndDefaults(string command, params string[] expected)
    {
        var (_, output, _) = await Mshop([.. command.Split(' '), "--help"]);

        foreach (var text in expected)
        {
            Assert.That(output, Does.Contain(text));
        }
    }

    [Test]
    public async Task Validate_ExampleSuite_IsOk()
    {
        var (exit, output, error) = await Mshop("validate", TestPaths.Scenarios);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), error);
        Assert.That(output.Trim(), Is.EqualTo("3 scenario(s), 3 target(s), 9 probe(s): OK"));
    }

    [Test]
    public async Task Validate_BrokenFile_PrintsFileLineColumnAndHintWithoutAStackTrace()
    {
        var folder = TestPaths.NewScratch("validate");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Scenarios))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var broken = Path.Combine(folder, "newsletter-signup.yaml");
        var lines = await File.ReadAllLinesAsync(broken);
        var line = Array.FindIndex(lines, l => l.StartsWith("  - click: {", StringComparison.Ordinal)) + 1;
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(broken)).Replace("  - click: {", "  - clik: {", StringComparison.Ordinal));

        var (exit, _, error) = await Mshop("validate", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain($"{broken}:{line}:5: error: unknown step 'clik'"));
        Assert.That(error, Does.Contain("hint: did you mean 'click'?"));
        Assert.That(error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Doctor_StartsTheBrowser_AndSaysWhichItIs()
    {
        var (exit, output, error) = await Mshop("doctor");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), output + error);
        Assert.That(output, Does.Match(@"ok\s+browser\s+/\S+ \((PATH|MSHOP_BROWSER)\), version \d+\.\d+[.\d]*, started and closed"));
        Assert.That(output, Does.Match(@"ok\s+mailbox\s+Maildir").And.Match(@"ok\s+store\s+/").And.Match(@"ok\s+reports\s+/"));
    }

    [Test]
    public async Task Doctor_MissingBrowser_FailsThatLineWithTheInstallHint()
    {
        var previous = Environment.GetEnvironmentVariable("MSHOP_BROWSER");
        Environment.SetEnvironmentVariable("MSHOP_BROWSER", "/nonexistent/chromium");
        try
        {
            var (exit, output, _) = await Mshop("doctor");

            Assert.That(exit, Is.EqualTo(ExitCodes.InfrastructureUnavailable));
            Assert.That(output, Does.Match(@"FAIL\s+browser\s+the browser set by MSHOP_BROWSER does not exist: /nonexistent/chromium; point MSHOP_BROWSER at a Chromium or Chrome executable"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MSHOP_BROWSER", previous);
        }
    }

    [Test]
    public async Task Run_MissingBrowser_ExitsInfrastructureUnavailableWithInstallHint()
    {
        var previous = Environment.GetEnvironmentVariable("MSHOP_BROWSER");
        Environment.SetEnvironmentVariable("MSHOP_BROWSER", "/nonexistent/chromium");
        try
        {
            var (exit, _, error) = await Mshop("run", TestPaths.Scenarios, "--out", TestPaths.NewScratch("nobrowser"));

            Assert.That(exit, Is.EqualTo(ExitCodes.InfrastructureUnavailable));
            Assert.That(error, Does.Contain("/nonexistent/chromium").And.Contain("apt-get install chromium"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MSHOP_BROWSER", previous);
        }
    }
}
