using MysteryShopper.Judging.Quality;
using MysteryShopper.Settings;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// The checks of a message outside it that the settings turn on: its DKIM signature (keys from DNS), a spamd's score,
/// its links on the target's own domains. A check that cannot be made is a note on the card, never an exception: the
/// message is judged from what could be had.
/// </summary>
public sealed class MessageChecker(DeliveryChecker? delivery, LinkChecker? links) : IMessageChecker, IDisposable
{
    /// <summary>What a run or <c>mshop judge</c> uses for <paramref name="checks"/>; null when none is on.</summary>
    public static MessageChecker? Create(MessageChecks checks, TimeProvider time, LinkCheckOptions? linkOptions = null)
    {
        if (!checks.Any)
        {
            return null;
        }

        var spamd = checks.Spamd is { } address ? new SpamAssassin(address.Host, address.Port, TimeSpan.FromSeconds(30)) : null;
        var delivery = checks.Dkim || spamd is not null ? new DeliveryChecker(checks.Dkim ? DkimKeys.FromDns() : null, spamd) : null;
        return new MessageChecker(delivery, checks.Links ? new LinkChecker(linkOptions ?? new LinkCheckOptions(), time) : null);
    }

    public async Task<DeliveryChecks> CheckAsync(Letter letter, byte[]? raw, IReadOnlyList<string> ownDomains, CancellationToken cancellationToken)
    {
        var checks = (delivery, raw) switch
        {
            (null, _) => new DeliveryChecks(),
            (_, null) => new DeliveryChecks
            {
                DkimNote = delivery.ChecksDkim ? "not checked: the message as received was not kept" : null,
                SpamNote = delivery.Scores ? "not scored: the message as received was not kept" : null,
            },
            _ => await delivery.CheckAsync(raw, cancellationToken),
        };

        if (links is null)
        {
            return checks;
        }

        return ownDomains.Count == 0
            ? checks with { LinksNote = "links not checked: the target's own domains are not known" }
            : checks with { Links = await links.CheckAsync(letter, ownDomains, cancellationToken) };
    }

    public void Dispose() => links?.Dispose();
}
