using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Tests.Pipeline;

/// <summary>
/// A fake browser (named as such): every step passes at once, and it counts what the journey did, so the runner's
/// parking, resuming and never-twice rules are tested in milliseconds without Chromium.
/// </summary>
public sealed class FakeBrowser : IRunBrowser
{
    public ConcurrentQueue<string> Steps { get; } = new();

    /// <summary>The storage state each session was opened with (null for a fresh one).</summary>
    public ConcurrentQueue<string?> OpenedWith { get; } = new();

    /// <summary>Runs when a submitting step acts, before it returns (e.g. to stop the run mid-submission).</summary>
    public Action? OnSubmit { get; set; }

    public int Submits => Steps.Count(s => s.StartsWith("submit:", StringComparison.Ordinal));

    public Task<IBrowserSession> OpenAsync(Probe probe, IProbeJournal journal, string? storageState, CancellationToken cancellationToken)
    {
        OpenedWith.Enqueue(storageState);
        return Task.FromResult<IBrowserSession>(new Session(this, OpenedWith.Count));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Session(FakeBrowser browser, int number) : IBrowserSession
    {
        public Task InspectFormAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> SaveTraceAsync(string path, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<StepOutcome> RunAsync(Step step, StepContext context, CancellationToken cancellationToken)
        {
            if (step.Submit)
            {
                browser.Steps.Enqueue($"submit:{step.Describe()}");
                browser.OnSubmit?.Invoke();
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                browser.Steps.Enqueue(step.Describe());
            }

            return Task.FromResult(StepOutcome.Success);
        }

        public Task<StepOutcome> OpenAsync(string url, TimeSpan timeout, bool allowItsHost, CancellationToken cancellationToken)
        {
            browser.Steps.Enqueue(allowItsHost ? $"open-off-site:{url}" : $"open:{url}");
            return Task.FromResult(StepOutcome.Success);
        }

        public Task<byte[]?> ScreenshotAsync(ScreenshotKind kind, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);

        public Task<string?> StorageStateAsync(CancellationToken cancellationToken) => Task.FromResult<string?>($"cookies-of-session-{number}");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A fake mailbox (named as such): mail is scheduled to arrive at a time; a wait returns the first scheduled mail that
/// arrives within it and moves the fake clock to its arrival, or moves the clock to the end of the wait. What arrives
/// is kept through the journal first, as a real mailbox does.
/// </summary>
public sealed class FakeMailbox(FakeTimeProvider time, IMailJournal journal) : IRunMailbox
{
    private readonly List<ReceivedEmail> _scheduled = [];
    private readonly List<ReceivedEmail> _received = [];

    public IReadOnlyList<ReceivedEmail> Unattributed => [];

    public void Schedule(ReceivedEmail email) => _scheduled.Add(email);

    public async Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + within;
        var email = _scheduled.Where(e => e.Token == token && e.ReceivedAt <= until && match(e)).OrderBy(e => e.ReceivedAt).FirstOrDefault();
        var now = time.GetUtcNow();
        var to = email?.ReceivedAt ?? until;
        if (to > now)
        {
            time.Advance(to - now);
        }

        if (email is not null)
        {
            _scheduled.Remove(email);
            email = (await journal.KeepAsync(new IncomingMessage(email, "raw"u8.ToArray(), "fake", email.Id), cancellationToken)).Email;
            _received.Add(email);
        }

        return email;
    }

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => [.. _received.Where(e => e.Token == token)];

    public void RegisterSent(string token, string messageId)
    {
    }

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since)
    {
    }

    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public event Action? Arrived
    {
        add { }
        remove { }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A fake sender (named as such): nothing leaves the process; every message gets an id.</summary>
public sealed class FakeSender(TimeProvider time) : IMailSender
{
    public int Sent { get; private set; }

    /// <summary>What was sent, in order.</summary>
    public ConcurrentQueue<OutgoingEmail> Emails { get; } = new();

    public Task<SentEmail> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        Sent++;
        Emails.Enqueue(email);
        return Task.FromResult(new SentEmail($"<sent-{Sent}@fake>", time.GetUtcNow()));
    }

    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The parts of a run for the durability tests: the real SQLite store, the fake browser, mailbox and sender.</summary>
public sealed class FakeParts(FakeBrowser browser, FakeMailbox mailbox, FakeSender sender) : IRunParts
{
    public int BrowsersLaunched { get; private set; }

    public async Task<IStore> OpenStoreAsync(string path, CancellationToken cancellationToken) =>
        await MysteryShopper.Storage.Sqlite.SqliteStore.OpenAsync(path, cancellationToken);

    public Task<IRunBrowser> LaunchBrowserAsync(RunSettings settings, string runDirectory, ILogger log, CancellationToken cancellationToken)
    {
        BrowsersLaunched++;
        return Task.FromResult<IRunBrowser>(browser);
    }

    public Task<IRunMailbox> OpenMailboxAsync(RunSettings settings, string maildir, IMailJournal journal, ILogger log, CancellationToken cancellationToken) =>
        Task.FromResult<IRunMailbox>(mailbox);

    public IMailSender CreateSender(RunSettings settings, string runDirectory, ILogger log) => sender;

    public Task<IDemoCompanies?> StartDemoAsync(Suite suite, RunSettings settings, string workspace, string maildir, ILogger log, CancellationToken cancellationToken) =>
        Task.FromResult<IDemoCompanies?>(null);
}
