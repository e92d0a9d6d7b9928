using System.Net;
using MysteryShopper.DemoSites;

namespace MysteryShopper.IntegrationTests.DemoSites;

/// <summary>The /lab test pages are served only when asked for (<see cref="DemoOptions.ServeLab"/>).</summary>
public class LabTests
{
    private static readonly string[] LabPaths = ["lab", "lab/", "lab/dialogs", "lab/form"];

    [Test]
    public async Task StartAsync_PlainDemo_LabAnswers404AndHomeDoesNotLinkToIt()
    {
        await using var demo = await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = TestPaths.NewScratch("lab-off"), TimeScale = 0 });
        using var http = new HttpClient();
        foreach (var company in demo.Companies)
        {
            foreach (var path in LabPaths)
            {
                using var response = await http.GetAsync(new Uri(company.Url, path));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{company.Id} /{path}");
            }

            var home = await http.GetStringAsync(company.Url);
            Assert.That(home, Does.Not.Contain("/lab"), $"{company.Id}'s home page");
        }
    }

    [Test]
    public async Task StartAsync_ServeLab_ServesTheLabPages()
    {
        await using var demo = await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = TestPaths.NewScratch("lab-on"), TimeScale = 0, ServeLab = true });
        using var http = new HttpClient();
        foreach (var company in demo.Companies)
        {
            foreach (var path in LabPaths)
            {
                using var response = await http.GetAsync(new Uri(company.Url, path));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{company.Id} /{path}");
            }
        }
    }
}
