using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;

namespace MysteryShopper.MailBench;

/// <summary>How big the intake burst is.</summary>
public sealed record IntakeShape(int Tokens, int PerToken, int TokenLess, int Duplicates, TimeSpan Span, int Connections)
{
    public int Originals => (Tokens * PerToken) + TokenLess;

    public int Sends => Originals + Duplicates;
}

/// <summary>What the mailbox ended up with, compared with what was sent.</summary>
public sealed record IntakeResult(
    IntakeShape Shape,
    TimeSpan SendingTook,
    TimeSpan? CompleteAfterLastSend,
    int TokensComplete,
    int Lost,
    int Doubled,
    int Foreign,
    int UnattributedFound,
    int UnattributedExpected,
    int DuplicatesCountedOnce,
    int ServerMessages,
    Stats SeenAfterAccepted)
{
    public bool Intact => Lost == 0 && Doubled == 0 && Foreign == 0 && UnattributedFound == UnattributedExpected && DuplicatesCountedOnce == Shape.Duplicates;
}

/// <summary>
/// Intake under load: many messages arriving within a minute from several SMTP connections in parallel, to many tokens,
/// with token-less messages and exact duplicates (the same Message-ID sent twice) among them, into one
/// <see cref="ImapMailbox"/> opened before the first send.
/// </summary>
public static class IntakeBench
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<IntakeResult> RunAsync(LocalMailServer server, IntakeShape shape, Random random, ILogger log, TextWriter progress, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var plan = Plan(shape, random, time);
        var tokens = plan.Where(p => p.Token is not null).Select(p => p.Token!).Distinct(StringComparer.Ordinal).ToList();
        var serverBefore = await InboxCountAsync(server, cancellationToken);

        await using var mailbox = await ImapMailbox.OpenAsync(server.ImapOptions(), AddressPattern.Default, time, log, cancellationToken);
        var acceptedWall = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var lastAccepted = 0L;
        var next = -1;
        var start = time.GetTimestamp();
        var workers = Enumerable.Range(0, shape.Connections).Select(_ => Task.Run(
            async () =>
            {
                using var smtp = new SmtpClient { Timeout = (int)server.SmtpOptions().Timeout.TotalMilliseconds };
                await smtp.ConnectAsync(server.SmtpOptions().Host, server.SmtpOptions().Port, server.SmtpOptions().SocketOptions, cancellationToken);
                int i;
                while ((i = Interlocked.Increment(ref next)) < plan.Count)
                {
                    var wait = plan[i].At - time.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, cancellationToken);
                    }

                    await smtp.SendAsync(plan[i].Message, cancellationToken);
                    var accepted = time.GetTimestamp();
                    acceptedWall.TryAdd(plan[i].Id, time.GetUtcNow());
                    InterlockedMax(ref lastAccepted, accepted);
                }

                await smtp.DisconnectAsync(true, cancellationToken);
            },
            cancellationToken)).ToList();

        var report = Task.Run(
            async () =>
            {
                while (!workers.All(w => w.IsCompleted))
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), time, cancellationToken);
                    await progress.WriteLineAsync($"  {Math.Min(Volatile.Read(ref next), plan.Count)}/{plan.Count} sent after {Format.Seconds(time.GetElapsedTime(start))}; {tokens.Count(t => mailbox.ReceivedFor(t).Count >= shape.PerToken)}/{tokens.Count} tokens complete");
                }
            },
            cancellationToken);
        await Task.WhenAll(workers);
        var sendingTook = time.GetElapsedTime(start, lastAccepted);
        await progress.WriteLineAsync($"  all {plan.Count} sent in {Format.Seconds(sendingTook)}; waiting (at most {Bound.TotalSeconds:0} s) for the mailbox to take everything in");

        bool Complete() => mailbox.Unattributed.Count >= shape.TokenLess && tokens.All(t => mailbox.ReceivedFor(t).Count >= shape.PerToken);
        TimeSpan? completeAfter = null;
        while (time.GetElapsedTime(lastAccepted) < Bound)
        {
            if (Complete())
            {
                completeAfter = time.GetElapsedTime(lastAccepted);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken);
        }

        // Late doubles would show up now.
        await Task.Delay(Settle, time, cancellationToken);
        await report;

        var lost = 0;
        var doubled = 0;
        var foreign = 0;
        var complete = 0;
        var seenAfter = new List<TimeSpan>();
        foreach (var token in tokens)
        {
            var expected = plan.Where(p => p.Token == token && !p.Duplicate).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var received = mailbox.ReceivedFor(token);
            var ids = received.Select(e => Unbracket(e.Id)).ToList();
            lost += expected.Count(id => !ids.Contains(id));
            doubled += ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
            foreign += ids.Distinct(StringComparer.Ordinal).Count(id => !expected.Contains(id));
            complete += ids.Count == expected.Count && expected.All(ids.Contains) ? 1 : 0;
            seenAfter.AddRange(received.Where(e => acceptedWall.ContainsKey(Unbracket(e.Id))).Select(e => e.SeenAt - acceptedWall[Unbracket(e.Id)]));
        }

        var tokenLess = plan.Where(p => p.Token is null && !p.Duplicate).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var unattributed = mailbox.Unattributed.Select(e => Unbracket(e.Id)).ToList();
        lost += tokenLess.Count(id => !unattributed.Contains(id));
        doubled += unattributed.Count - unattributed.Distinct(StringComparer.Ordinal).Count();
        foreign += unattributed.Distinct(StringComparer.Ordinal).Count(id => !tokenLess.Contains(id));

        var duplicateIds = plan.Where(p => p.Duplicate).Select(p => p.Id).ToList();
        var onceEach = duplicateIds.Count(id => plan.First(p => p.Id == id).Token is { } token
            ? mailbox.ReceivedFor(token).Count(e => Unbracket(e.Id) == id) == 1
            : unattributed.Count(u => u == id) == 1);
        var serverAfter = await InboxCountAsync(server, cancellationToken);

        return new IntakeResult(
            shape, sendingTook, completeAfter, complete, lost, doubled, foreign, unattributed.Count, shape.TokenLess, onceEach,
            serverAfter - serverBefore, Stats.Of(seenAfter));
    }

    private sealed record Planned(MimeMessage Message, string? Token, bool Duplicate, TimeSpan At)
    {
        /// <summary>The Message-ID (PickupSender.Build always sets one).</summary>
        public string Id => Message.MessageId ?? "";
    }

    /// <summary>Every send in order, spread evenly over the span: tokens' messages shuffled, each duplicate some sends after its original.</summary>
    private static List<Planned> Plan(IntakeShape shape, Random random, TimeProvider time)
    {
        var originals = new List<(MimeMessage Message, string? Token)>();
        for (var t = 0; t < shape.Tokens; t++)
        {
            var token = Planner.NewToken();
            for (var m = 0; m < shape.PerToken; m++)
            {
                originals.Add((Message(AddressPattern.Default.For(token), $"Intake {t}.{m}", time), token));
            }
        }

        for (var n = 0; n < shape.TokenLess; n++)
        {
            // The shopper's own address without +token: delivered to the same INBOX, attributable to no probe.
            originals.Add((Message("shopper@inbox.mshop.test", $"No token {n}", time), null));
        }

        var order = originals.OrderBy(_ => random.Next()).Select(o => (o.Message, o.Token, Duplicate: false)).ToList();
        var tokened = Enumerable.Range(0, order.Count).Where(i => order[i].Token is not null).OrderBy(_ => random.Next()).Take(shape.Duplicates).ToList();
        foreach (var original in tokened.Select(i => order[i]).ToList())
        {
            var at = order.FindIndex(o => ReferenceEquals(o.Message, original.Message));
            var later = Math.Min(order.Count, at + 10 + random.Next(Math.Max(1, order.Count - at - 10)));
            order.Insert(later, (original.Message, original.Token, true));
        }

        var step = order.Count > 1 ? shape.Span / (order.Count - 1) : TimeSpan.Zero;
        return order.Select((o, i) => new Planned(o.Message, o.Token, o.Duplicate, step * i)).ToList();
    }

    private static MimeMessage Message(string to, string subject, TimeProvider time) =>
        PickupSender.Build(new OutgoingEmail("news@corvid.example", "Corvid & Co", to, subject, $"{subject}: hello.", null), time.GetUtcNow());

    /// <summary>Messages in the INBOX, counted on a connection of its own (the duplicates are there twice).</summary>
    private static async Task<int> InboxCountAsync(LocalMailServer server, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(server.ImapOptions().Host, server.ImapOptions().Port, server.ImapOptions().SocketOptions, cancellationToken);
        await client.AuthenticateAsync(server.ImapUser, server.Password, cancellationToken);
        await client.Inbox.StatusAsync(StatusItems.Count, cancellationToken);
        var count = client.Inbox.Count;
        await client.DisconnectAsync(true, cancellationToken);
        return count;
    }

    private static string Unbracket(string id) => id.Trim().Trim('<', '>');

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
