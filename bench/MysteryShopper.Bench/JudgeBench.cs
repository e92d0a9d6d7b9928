using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Bench;

/// <summary>
/// How fast the quality card judges: <see cref="MessageJudge.Judge"/> over synthetic but realistic messages (a
/// person's reply with the quoted question, a helpdesk acknowledgement, an HTML newsletter, an out-of-office, a pushy
/// promotion, a German reply), built in code, on one thread, with no network checks. Prints messages per second of
/// the best round; the goal is at least 200.
/// </summary>
public static class JudgeBench
{
    public const double Goal = 200;

    public static async Task<int> RunAsync(int messages, int rounds, TextWriter output, CancellationToken cancellationToken)
    {
        var letters = Enumerable.Range(0, messages).Select(Letter).ToList();
        var context = new JudgeContext
        {
            Question = "Do you offer an annual plan, and what discount would 20 seats get?",
            MustCover = [new CoverTerm("annual", ["yearly"]), new CoverTerm("discount", ["off", "reduction"]), new CoverTerm("seats", ["users", "licences"])],
            FirstName = "Sam",
            FullName = "Sam Shopper",
        };

        // Warm-up: the lexicons and rubrics load once, the regexes and the JIT settle.
        foreach (var letter in letters.Take(Math.Min(200, letters.Count)))
        {
            MessageJudge.Judge(letter, context);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Judging speed: {messages} messages ({Kinds} kinds, {letters.Average(l => l.Text.Length + (l.Html?.Length ?? 0)):0} characters on average), one thread, no network; load average {Machine.LoadAverage()}"));
        var best = 0.0;
        var checksum = 0.0;
        for (var round = 1; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            foreach (var letter in letters)
            {
                checksum += MessageJudge.Judge(letter, context).Score;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var rate = messages / elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: {Format.Seconds(elapsed)}, {rate:0} messages/s, {elapsed.TotalMilliseconds * 1000 / messages:0} µs per message"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"best: {best:0} messages/s (goal ≥ {Goal:0}: {(best >= Goal ? "met" : "NOT met")}); mean composite {checksum / (messages * (double)rounds):0.00}"));
        return Common.ExitCodes.Measured;
    }

    private const int Kinds = 6;

    /// <summary>Message <paramref name="i"/>: one of six kinds, with names, prices and ticket numbers varied so no two are alike.</summary>
    public static Letter Letter(int i)
    {
        var name = Names[i % Names.Length];
        var ticket = 40000 + (i * 7);
        var seats = 5 + (i % 40);
        var price = 39 + (i % 20);
        return (i % Kinds) switch
        {
            0 => new Letter
            {
                Subject = "Re: Pricing for " + seats.ToString(CultureInfo.InvariantCulture) + " seats",
                From = name.ToLowerInvariant() + "@brightwave.example",
                FromName = name + " Berg",
                Headers = Headers(i, ("In-Reply-To", $"<q{i}.tok@inbox.mshop.test>"), ("References", $"<q{i}.tok@inbox.mshop.test>")),
                Text = Inv($"Hi Sam,\r\n\r\nThanks for your question. Yes, we offer an annual plan: ${price * 10} per seat a year instead of ${price} a month, so two months are free.\r\n")
                    + Inv($"For {seats} seats we add a further 10% discount, which brings the total to ${price * 10 * seats * 9 / 10:N0} a year.\r\n\r\n")
                    + "You can switch to annual billing at any time from the billing page, and I'm happy to set it up for you today.\r\n\r\n"
                    + $"Best regards,\r\n{name} Berg\r\nCustomer Success, Brightwave\r\n\r\n"
                    + "On Mon, 23 Nov 2026 at 09:00, Sam Shopper <shopper+tok@inbox.mshop.test> wrote:\r\n"
                    + $"> Do you offer an annual plan, and what discount would {seats} seats get?\r\n",
            },
            1 => new Letter
            {
                Subject = string.Create(CultureInfo.InvariantCulture, $"[Ticket #{ticket}] Re: Pricing question"),
                From = "support@brightwave.example",
                FromName = "Brightwave Support",
                Headers = Headers(i, ("Auto-Submitted", "auto-replied"), ("X-Mailer", "Zendesk Mailer"), ("Precedence", "bulk")),
                Text = Inv($"##- Please type your reply above this line -##\n\nHi Sam,\n\nThank you for contacting Brightwave. Your request ({ticket}) has been received and is being reviewed by our support staff.\n\n")
                    + "To add additional comments, reply to this email. A member of our team will get back to you within one business day.\n\nThe Brightwave Team",
            },
            2 => new Letter
            {
                Subject = "5 ways to plan your spring projects",
                From = "news@brightwave.example",
                FromName = "Brightwave",
                Headers = Headers(i,
                    ("List-Unsubscribe", $"<https://brightwave.example/unsubscribe/u{i}>, <mailto:unsubscribe@brightwave.example?subject=u{i}>"),
                    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Precedence", "bulk"), ("List-Id", "<news.brightwave.example>"),
                    ("Feedback-ID", "spring26:newsletter:brightwave")),
                Html = $"<html><head><style>p {{ margin: 0 }}</style></head><body><h1>Plan your spring, {name}</h1><p>Five short tips from our team.</p>"
                    + $"<p><a href=\"https://click.brightwave.example/r/{i}?u=https%3A%2F%2Fbrightwave.example%2Fblog\">Read the tips</a></p>"
                    + "<img src=\"https://brightwave.example/banner.png\"><p><a href=\"https://brightwave.example/unsubscribe\">Unsubscribe</a></p></body></html>",
                Text = $"Plan your spring, {name}\n\nFive short tips from our team to plan projects, share the work and finish on time. "
                    + "Tip one: write the goal down. Tip two: give each task one owner. Tip three: keep meetings short.\n\n"
                    + $"Read the tips: https://click.brightwave.example/r/{i}\n\nUnsubscribe: https://brightwave.example/unsubscribe",
            },
            3 => new Letter
            {
                Subject = "Automatic reply: Pricing question",
                From = "sales@brightwave.example",
                FromName = "Brightwave Sales",
                Headers = Headers(i, ("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")),
                Text = $"I am out of the office until Monday {i % 28 + 1} December with limited access to email. For urgent questions please contact {name.ToLowerInvariant()}@brightwave.example.",
            },
            4 => new Letter
            {
                Subject = "LAST CHANCE: 40% off ends tonight!!!",
                From = "deals@brightwave.example",
                FromName = "Brightwave Deals",
                Headers = Headers(i, ("List-Unsubscribe", "<mailto:unsubscribe@brightwave.example>"), ("Precedence", "bulk")),
                Text = $"Hi {{{{first_name}}}},\n\nACT NOW!!! Our BIGGEST sale ever ends tonight. Limited time only: don't miss 40% off every plan. "
                    + "Hurry, only 12 spots left at this price!\n\nBuy now: https://brightwave.example/deal\n\nThe Brightwave Team",
            },
            _ => new Letter
            {
                Subject = "AW: Preisanfrage",
                From = "vertrieb@brightwave.example",
                FromName = "Anna Berg",
                Headers = Headers(i, ("In-Reply-To", $"<q{i}.tok@inbox.mshop.test>"), ("Content-Type", "text/plain; charset=ISO-8859-1")),
                Text = "Hallo Sam,\n\nvielen Dank für Ihre Anfrage. Wir bieten einen Jahresplan mit zwanzig Prozent Rabatt für Teams ab zwanzig Plätzen an. "
                    + "Gerne können wir einen Termin vereinbaren, um die Einzelheiten zu besprechen.\n\nMit freundlichen Grüßen\nAnna Berg",
            },
        };
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static readonly string[] Names = ["Anna", "Ben", "Chloe", "David", "Ella", "Farid", "Grace", "Hugo"];

    private static List<MailHeader> Headers(int i, params (string Name, string Value)[] extra) =>
    [
        new MailHeader("Received", $"from mail.brightwave.example (mail.brightwave.example [203.0.113.{i % 250}]) by mx.mshop.test with ESMTPS; Mon, 23 Nov 2026 09:{i % 60:00}:00 +0000"),
        new MailHeader("Authentication-Results", "mx.mshop.test; spf=pass smtp.mailfrom=brightwave.example; dkim=pass header.d=brightwave.example; dmarc=pass header.from=brightwave.example"),
        new MailHeader("DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=brightwave.example; s=s1; h=from:to:subject:date; bh=abc=; b=def="),
        new MailHeader("Message-ID", $"<m{i}@mail.brightwave.example>"),
        new MailHeader("Date", "Mon, 23 Nov 2026 09:30:00 +0000"),
        new MailHeader("MIME-Version", "1.0"),
        .. extra.Select(h => new MailHeader(h.Name, h.Value)),
    ];
}
