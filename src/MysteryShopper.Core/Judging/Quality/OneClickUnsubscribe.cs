namespace MysteryShopper.Judging.Quality;

/// <summary>RFC 8058 one-click unsubscribe, for marketing mail: an https List-Unsubscribe URI and List-Unsubscribe-Post: List-Unsubscribe=One-Click.</summary>
public static class OneClickUnsubscribe
{
    /// <summary>Null (and no sub-score) when the mail is not marketing.</summary>
    public static (bool? OneClick, CardPart Part) Judge(Letter letter, MessageKind kind) => throw new NotImplementedException();
}
