using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>The phrases several parts read: acknowledgements, out-of-office, marketing, deflections, next steps, concrete information.</summary>
internal static partial class Signals
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Software acknowledging this conversation: receipts, ticket numbers, promises that someone will answer, account mail.</summary>
    [GeneratedRegex(@"\b(we(['’]ve| have)? (successfully )?(received|got) your (\w+ )?(request|message|enquiry|inquiry|e-?mail|query|ticket|submission|question|note)" +
        @"|(your|this) (request|message|enquiry|inquiry|submission|ticket|case|form)( \(?#?\d+\)?)? (has been|was|is) (received|submitted|created|logged|opened|updated)" +
        @"|this is an? automat(ed|ic)|automat(ed|ic) (reply|response|message|acknowledge?ment|confirmation|e-?mail)" +
        @"|(please )?do not reply (directly )?to this (e-?mail|message)|this (mailbox|address|inbox) is (not|un)monitored" +
        @"|(ticket|case|request|reference|tracking)( number| id| no\.?)?:? *#? ?\(?\d{3,}" +
        @"|(a member of|someone (from|on)|one of) (our|the) (\w+ ){0,2}team will|(our|the) (\w+ )?team will (get back|be in touch|respond|reply|review)" +
        @"|we(['’]ll| will) (get back to you|be in touch|respond|reply)( to you)? (shortly|soon|as soon as|within|in the next)" +
        @"|we aim to (respond|reply|get back)|(usually|typically|normally) (respond|repl(y|ies)|answer)s? (with)?in|order (confirmation|#? ?\d{3,})|your receipt|within \d+ (business |working )?(hours|days)" +
        @"|here(['’]s| is) a copy of your|(verify|confirm) your (e-?mail( address)?|account)|reset your password|your account (has been|is) (created|activated|ready)" +
        @"|one-?time (pass)?code|your (verification|security) code)", Options)]
    public static partial Regex Acknowledgement();

    [GeneratedRegex(@"\b(out of (the )?office|I(['’]m| am) (currently )?(away|on (annual |parental |sick )?leave|on holiday|on vacation|travelling|out of the office)" +
        @"|(limited|no|intermittent) access to (my )?e-?mail|(when|once|after) I return|I will be back (in the office )?on|automatic reply)", Options)]
    public static partial Regex OutOfOffice();

    /// <summary>Bulk mail to a list: unsubscribe footers, "view in browser", newsletters, promotions, opt-in confirmations, welcomes.</summary>
    [GeneratedRegex(@"\b(unsubscribe|opt[- ]out|view (this (e-?mail|message) )?(in|on) (your |a |the )?(browser|web)|view (it )?online|trouble viewing|newsletter" +
        @"|\d+ ?% off|(promo|discount|coupon|voucher) code|(shop|buy|order|browse) now|limited[- ]time|flash sale|free shipping|exclusive (offer|deal)|don['’]t miss" +
        @"|(update|manage) (your )?(e-?mail |subscription |communication )?(preferences|subscription)|you(['’]re| are) receiving this|you (signed up|subscribed|opted in)" +
        @"|confirm (your |my )?subscription|subscribe me|mailing list|follow us on|add us to your address book)", Options)]
    public static partial Regex Marketing();

    /// <summary>Replies that push the question aside: a call, a rep who will contact you, "it depends", "let me check".</summary>
    [GeneratedRegex(@"\b((book|schedule|arrange|set up) (a|an|some)( \w+)?( \d+-minute)? (call|demo|meeting|chat|consultation)|(jump|hop|get) on a (quick )?call" +
        @"|(a|one of our|our) (sales )?(rep|representative|specialist|account (executive|manager)|consultant|sales team)( \w+)? will (contact|reach out|be in touch|get in touch|call|follow up)" +
        @"|(please )?(contact|reach out to|get in touch with) (our )?(sales|support|account)|(pricing|it|this|that) (really )?depends on" +
        @"|let me (check|find out|look into)|I(['’]ll| will) (get back|come back) to you|(happy|glad) to (discuss|walk you through)|tailored (quote|pricing|proposal))", Options)]
    public static partial Regex Deflection();

    /// <summary>A proposed next step: a call or demo to book, a calendar link, a trial.</summary>
    [GeneratedRegex(@"\b((book|schedule|arrange|set up) (a|an|some)( \w+)?( \d+-minute)? (call|demo|meeting|chat|consultation)|(jump|hop|get) on a (quick )?call" +
        @"|start (a|your) (\d+-day )?(free )?trial|sign up (here|today|now|for (a|your) (free )?(trial|account))|try it (for )?free|get started (here|today|now)" +
        @"|calendly\.com/|cal\.com/|meetings\.hubspot\.com/|savvycal\.com/|chilipiper\.com/|pick a (time|slot)|grab a (time|slot))", Options)]
    public static partial Regex NextStep();

    /// <summary>
    /// Concrete information: a number, a price or percentage, a date, a yes/no, or a statement of what is offered
    /// ("includes", "supports", "available", "free", "per seat").
    /// </summary>
    [GeneratedRegex(@"(\d+([.,:]\d+)*|[$€£¥]|\b(yes|no|yep|nope|none|free|only|unlimited|every|all|both|neither|not|never|always" +
        @"|can|don['’]t|doesn['’]t|isn['’]t|aren['’]t|can['’]t|cannot|won['’]t" +
        @"|includ(e|es|ed|ing)|support(s|ed)?|offer(s|ed)?|cost(s)?|priced|charge(s|d)?|available|comes? with|per (seat|user|month|year|licen[cs]e)|monthly|annually|yearly" +
        @"|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|half" +
        @"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)\b)", Options)]
    public static partial Regex Concrete();

    /// <summary>A sentence that points at the shopper's question rather than answering it.</summary>
    [GeneratedRegex(@"^\W*(you asked|you(['’]re| are| were) asking|you wanted to know|you mentioned|your question|regarding your|in response to your|re:|thanks? (you )?for (your|the) question)", Options)]
    public static partial Regex Echo();

    /// <summary>A reply that refers to what the shopper asked.</summary>
    [GeneratedRegex(@"\b(you asked|you(['’]re| are| were) asking|you wanted to know|your question|to answer|regarding your|as for|(good|great) question|in answer to|to clarify)\b", Options)]
    public static partial Regex RefersToQuestion();

    /// <summary>First person singular as a subject: a person writing ("me"/"my" are left out: buttons say "subscribe me", "my account").</summary>
    [GeneratedRegex(@"\b(I|I['’]m|I['’]ve|I['’]d|I['’]ll)\b", RegexOptions.CultureInvariant)]
    public static partial Regex FirstPerson();
}
