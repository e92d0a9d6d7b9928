using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MysteryShopper.Settings;

/// <summary>
/// A range of whole numbers a setting takes, such as <see cref="Parallelism.Range"/>. The problem is what the setting
/// needs, "a whole number from 1 to 64, not 0": mshop.yaml says "parallel must be …" of it, the command line
/// "--parallel needs …", each showing the value as it was written (a YAML number bare, command-line text quoted).
/// </summary>
public sealed record WholeNumbers(int Min, int? Max = null)
{
    /// <summary>A number read from mshop.yaml.</summary>
    public bool TryFrom(double number, out int value, [NotNullWhen(false)] out SettingProblem? problem) =>
        Check(number is >= int.MinValue and <= int.MaxValue && number % 1 == 0 ? (int)number : null, number.ToString(CultureInfo.InvariantCulture), out value, out problem);

    /// <summary>Text from the command line.</summary>
    public bool TryParse(string text, out int value, [NotNullWhen(false)] out SettingProblem? problem) =>
        Check(int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null, $"'{text}'", out value, out problem);

    private bool Check(int? whole, string shown, out int value, [NotNullWhen(false)] out SettingProblem? problem)
    {
        value = whole ?? 0;
        problem = whole >= Min && (Max is null || whole <= Max) ? null
            : new SettingProblem($"a whole number {(Max is null ? $"of at least {Min}" : $"from {Min} to {Max}")}, not {shown}");
        return problem is null;
    }
}
