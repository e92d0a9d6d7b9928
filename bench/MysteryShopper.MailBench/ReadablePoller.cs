using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Settings;

namespace MysteryShopper.MailBench;

/// <summary>
/// The benchmark's own reference for "readable over IMAP": a separate connection with the INBOX selected that, for one
/// token at a time, sends NOOP (which makes Dovecot sync the mailbox fully) and then <c>UID SEARCH UID n:* TO token</c>,
/// with a 2 ms pause between rounds, until the message is found. The first round that finds it is t_readable; a round's
/// length is the measurement's resolution.
/// </summary>
public sealed class ReadablePoller : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(2);

    private readonly ImapClient _client;
    private readonly IMailFolder _inbox;
    private readonly TimeProvider _time;
    private uint _next;
    private long _rounds;
    private TimeSpan _roundTime;

    private ReadablePoller(ImapClient client, IMailFolder inbox, TimeProvider time)
    {
        _client = client;
        _inbox = inbox;
        _time = time;
        _next = inbox.UidNext?.Id ?? 1;
    }

    /// <summary>The mean length of one NOOP + UID SEARCH round so far.</summary>
    public TimeSpan MeanRound => _rounds == 0 ? TimeSpan.Zero : _roundTime / _rounds;

    public static async Task<ReadablePoller> OpenAsync(MailServer server, TimeProvider time, CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = (int)server.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.SocketOptions, cancellationToken);
            await client.AuthenticateAsync(server.User ?? "", server.Password ?? "", cancellationToken);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            return new ReadablePoller(client, client.Inbox, time);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the first round that found a message to <paramref name="token"/>, or null after <paramref name="within"/>.</summary>
    public async Task<long?> WaitReadableAsync(string token, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < within)
        {
            var round = _time.GetTimestamp();
            await _client.NoOpAsync(cancellationToken);
            var query = SearchQuery.Uids(new UniqueIdRange(new UniqueId(_next), UniqueId.MaxValue)).And(SearchQuery.ToContains(token));
            var found = (await _inbox.SearchAsync(query, cancellationToken)).Where(u => u.Id >= _next).ToList();
            var at = _time.GetTimestamp();
            _rounds++;
            _roundTime += _time.GetElapsedTime(round, at);
            if (found.Count > 0)
            {
                _next = found.Max(u => u.Id) + 1;
                return at;
            }

            await Task.Delay(Pause, _time, cancellationToken);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(true, CancellationToken.None);
        }

        _client.Dispose();
    }
}
