using MailKit.Net.Smtp;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;

namespace MysteryShopper.MailBench;

/// <summary>One message of the detection benchmark; durations are null when that moment never came.</summary>
public sealed record LatencySample(int Index, string Token, TimeSpan? SeenAfterAccepted, TimeSpan? ReadableAfterAccepted, TimeSpan? SeenAfterReadable, TimeSpan? SeenAtAfterAccepted);

public sealed record DetectionResult(IReadOnlyList<LatencySample> Samples, TimeSpan PollerRound)
{
    public int Missed => Samples.Count(s => s.SeenAfterAccepted is null);

    public Stats SeenAfterAccepted => Stats.Of(Samples.Select(s => s.SeenAfterAccepted).OfType<TimeSpan>());

    public Stats SeenAfterReadable => Stats.Of(Samples.Select(s => s.SeenAfterReadable).OfType<TimeSpan>());

    public Stats ReadableAfterAccepted => Stats.Of(Samples.Select(s => s.ReadableAfterAccepted).OfType<TimeSpan>());

    public Stats SeenAtAfterAccepted => Stats.Of(Samples.Select(s => s.SeenAtAfterAccepted).OfType<TimeSpan>());
}

/// <summary>
/// Detection latency: messages sent one at a time over SMTP, each to its own token, while a probe-like waiter waits for
/// that token with <see cref="ImapMailbox.WaitForAsync"/> (as a journey's expect_email does) and <see cref="ReadablePoller"/>
/// finds the moment it became readable over IMAP.
/// </summary>
public static class DetectionLatencyBench
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    public static async Task<DetectionResult> RunAsync(LocalMailServer server, int count, Random random, ILogger log, TextWriter progress, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        await using var mailbox = await ImapMailbox.OpenAsync(server.ImapOptions(), AddressPattern.Default, time, log, cancellationToken);
        await using var poller = await ReadablePoller.OpenAsync(server.ImapOptions(), time, cancellationToken);
        using var smtp = new SmtpClient { Timeout = (int)server.SmtpOptions().Timeout.TotalMilliseconds };
        var samples = new List<LatencySample>(count);
        for (var i = 0; i < count; i++)
        {
            if (!smtp.IsConnected)
            {
                await smtp.ConnectAsync(server.SmtpOptions().Host, server.SmtpOptions().Port, server.SmtpOptions().SocketOptions, cancellationToken);
            }

            var token = Planner.NewToken();
            var message = PickupSender.Build(
                new OutgoingEmail("news@brightwave.example", "Brightwave", AddressPattern.Default.For(token), $"Welcome {i}", $"Hello, message {i}.", null),
                time.GetUtcNow());

            // The step waits first, as expect_email does after a submit; a random pause moves the send across the 100 ms re-check cycle.
            var seen = SeenAsync(mailbox, token, time, cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(20, 250)), time, cancellationToken);
            var readable = poller.WaitReadableAsync(token, Within, cancellationToken);
            await smtp.SendAsync(message, cancellationToken);
            var accepted = time.GetTimestamp();
            var acceptedWall = time.GetUtcNow();

            var (email, seenAt) = await seen;
            var readableAt = await readable;
            TimeSpan? Between(long? from, long? to) => from is { } f && to is { } t ? time.GetElapsedTime(f, t) : null;
            samples.Add(new LatencySample(
                i,
                token,
                Between(accepted, seenAt),
                Between(accepted, readableAt),
                Between(readableAt, seenAt),
                email is null ? null : email.SeenAt - acceptedWall));
            if (email is null)
            {
                await progress.WriteLineAsync($"  message {i} to {token} was not seen within {Within.TotalSeconds:0} s");
            }

            if ((i + 1) % 20 == 0)
            {
                await progress.WriteLineAsync($"  {i + 1}/{count} sent; so far seen − accepted: {Stats.Of(samples.Select(s => s.SeenAfterAccepted).OfType<TimeSpan>())}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(50, 300)), time, cancellationToken);
        }

        await smtp.DisconnectAsync(true, cancellationToken);
        return new DetectionResult(samples, poller.MeanRound);
    }

    /// <summary>The email and the timestamp at which the waiter got it (null timestamp: it never came).</summary>
    private static async Task<(ReceivedEmail? Email, long? At)> SeenAsync(ImapMailbox mailbox, string token, TimeProvider time, CancellationToken cancellationToken)
    {
        var email = await mailbox.WaitForAsync(token, _ => true, Within, cancellationToken);
        return (email, email is null ? null : time.GetTimestamp());
    }
}
