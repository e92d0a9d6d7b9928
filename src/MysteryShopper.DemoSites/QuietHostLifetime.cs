using Microsoft.Extensions.Hosting;

namespace MysteryShopper.DemoSites;

// The demo sites live inside another program: they must not hook Ctrl+C or print "Application started".
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
