namespace MysteryShopper.DemoSites.Companies;

// Every form POST of every company, in arrival order, shared by the three sites.
internal sealed class SubmissionLog
{
    private readonly Lock _gate = new();
    private readonly List<DemoSubmission> _submissions = [];

    public void Add(DemoSubmission submission)
    {
        lock (_gate)
        {
            _submissions.Add(submission);
        }
    }

    public IReadOnlyList<DemoSubmission> Snapshot()
    {
        lock (_gate)
        {
            return _submissions.ToArray();
        }
    }
}
