namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The checks made outside a message, with the network (the DKIM key from DNS, a spamd's score, requests to the
/// message's links on the target's own domains): made once, when a run first judges a message, and kept with its card,
/// so judging it again (another rubric) needs neither the network nor the mailbox.
/// </summary>
public interface IMessageChecker
{
    /// <param name="letter">The message as the judge reads it.</param>
    /// <param name="raw">The message as received (what DKIM and spamd read), or null when it was not kept.</param>
    /// <param name="ownDomains">The target's own domains: only links there are requested.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>What the checks found; null members were not checked.</returns>
    Task<DeliveryChecks> CheckAsync(Letter letter, byte[]? raw, IReadOnlyList<string> ownDomains, CancellationToken cancellationToken);
}
