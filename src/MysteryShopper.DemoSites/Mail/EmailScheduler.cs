namespace MysteryShopper.DemoSites.Mail;

// Runs delayed email jobs in the background, keeps track of them, and cancels and awaits them on dispose.
internal sealed class EmailScheduler : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Task> _pending = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _timeProvider;
    private readonly Serilog.ILogger _logger;
    private bool _disposed;

    public EmailScheduler(TimeProvider timeProvider, Serilog.ILogger logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void Schedule(string companyId, string description, TimeSpan delay, Func<CancellationToken, Task> job)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                _logger.Debug("Not scheduling {Description} for {CompanyId}: the demo companies are stopping", description, companyId);
                return;
            }

            _pending.RemoveAll(task => task.IsCompleted);
            var token = _shutdown.Token;
            // Task.Run so the job never runs on, or delays, the request that scheduled it.
            _pending.Add(Task.Run(() => RunAsync(companyId, description, delay, job, token), CancellationToken.None));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending];
            _pending.Clear();
        }

        await _shutdown.CancelAsync();
        // RunAsync never throws, so this only waits for the jobs to notice the cancellation.
        await Task.WhenAll(pending);
        _shutdown.Dispose();
    }

    private async Task RunAsync(string companyId, string description, TimeSpan delay, Func<CancellationToken, Task> job, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }

            await job(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.Debug("Cancelled {Description} for {CompanyId}", description, companyId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DemoMailServerException)
        {
            // A full disk, a Maildir that cannot be written, a mail server that is down: one line, it says it all.
            _logger.Error("Scheduled {Description} for {CompanyId} failed: {Reason}", description, companyId, exception.Message);
        }
        catch (Exception exception)
        {
            // A failing email job is logged and must never take the host down.
            _logger.Error(exception, "Scheduled {Description} for {CompanyId} failed", description, companyId);
        }
    }
}
