using MysteryShopper.Execution;

namespace MysteryShopper.Tests.Execution;

public sealed class EvidenceFolderTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mshop-evidence-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task WriteAsync_Writable_WritesTheWholeFileAndLeavesNoTemporary()
    {
        var evidence = new EvidenceFolder(_folder, freeSpace: _ => long.MaxValue);

        Assert.That(await evidence.WriteAsync("screenshots/a.png", new byte[] { 1, 2, 3 }, CancellationToken.None), Is.True);

        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_folder, "screenshots", "a.png")), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(evidence.Problem, Is.Null);
        Assert.That(evidence.CanSubmit(), Is.Null);
    }

    [Test]
    public async Task WriteAsync_FolderCannotBeMade_ReturnsFalseAndStopsSubmissionsForGood()
    {
        // A file where the screenshots folder should be: the write fails whoever runs the test (root too).
        await File.WriteAllTextAsync(Path.Combine(_folder, "screenshots"), "");
        var evidence = new EvidenceFolder(_folder, freeSpace: _ => long.MaxValue);

        Assert.That(await evidence.WriteAsync("screenshots/a.png", new byte[] { 1 }, CancellationToken.None), Is.False);

        Assert.That(evidence.Problem, Does.StartWith($"writing {Path.Combine(_folder, "screenshots", "a.png")} failed: "));
        Assert.That(evidence.CanSubmit(), Is.EqualTo(evidence.Problem));
        Assert.That(await evidence.WriteAsync("b.png", new byte[] { 1 }, CancellationToken.None), Is.True, "later evidence is still kept where it can be");
        Assert.That(evidence.CanSubmit(), Is.Not.Null, "but the run submits nothing more");
    }

    [Test]
    public void CanSubmit_FreeSpaceBelowTheReserve_SaysHowMuchIsFreeAndStays()
    {
        long free = 300 * 1024;
        var evidence = new EvidenceFolder(_folder, reserve: 1024 * 1024, freeSpace: _ => free);

        Assert.That(evidence.CanSubmit(), Is.EqualTo($"only 300 KiB is free on the file system of {_folder} (a submission's evidence needs 1 MiB)"));
        free = long.MaxValue;
        Assert.That(evidence.CanSubmit(), Is.Not.Null, "a run that stopped recording does not start again by itself");
    }

    [Test]
    public void CanSubmit_EnoughSpace_IsNull()
    {
        var evidence = new EvidenceFolder(_folder, reserve: 1024, freeSpace: _ => 2048);

        Assert.That(evidence.CanSubmit(), Is.Null);
    }

    [Test]
    public void FreeSpace_RealFolder_IsKnown() =>
        Assert.That(EvidenceFolder.FreeSpace(Path.Combine(_folder, "not", "yet", "made")), Is.GreaterThan(0));
}
