using MysteryShopper.DemoSites.Companies;
using MysteryShopper.DemoSites.Mail;

namespace MysteryShopper.DemoSites;

// What the three sites share: logging, clock, mail delivery, the email scheduler, the submission log, and whether
// they serve the /lab test pages.
internal sealed record DemoSiteServices(
    Serilog.ILogger Logger,
    Serilog.ILogger AspNetCoreLogger,
    TimeProvider TimeProvider,
    double TimeScale,
    IMailDelivery Delivery,
    EmailScheduler Scheduler,
    SubmissionLog Submissions,
    bool ServeLab)
{
    public TimeSpan Scaled(double baseSeconds) => TimeSpan.FromSeconds(baseSeconds * TimeScale);
}
