using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace MysteryShopper.DemoSites;

// Markup that is safe to emit. It can only be made from an interpolated string literal whose holes are
// HTML-encoded (unless they are Html themselves), so user input can never reach a page unencoded.
internal sealed class Html
{
    private Html(string value) => Value = value;

    public string Value { get; }

    public static Html Empty { get; } = new(string.Empty);

    public static Html Format(ref HtmlInterpolatedStringHandler handler) => handler.ToHtml();

    public static Html Encode(string? text) => new(HtmlEncoder.Default.Encode(text ?? string.Empty));

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(part => part.Value)));

    public override string ToString() => Value;

    internal static Html FromBuilder(StringBuilder builder) => new(builder.ToString());
}

[InterpolatedStringHandler]
internal readonly ref struct HtmlInterpolatedStringHandler
{
    private readonly StringBuilder _builder;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    // Literal parts are compile-time constants written by us: trusted markup.
    public void AppendLiteral(string literal) => _builder.Append(literal);

    public void AppendFormatted(Html? markup) => _builder.Append(markup?.Value);

    public void AppendFormatted(string? text) => _builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));

    public void AppendFormatted(int value) => _builder.Append(value.ToString(CultureInfo.InvariantCulture));

    public Html ToHtml() => Html.FromBuilder(_builder);
}
