using Microsoft.AspNetCore.Http;
using MimeKit;

namespace MysteryShopper.DemoSites.Companies;

internal static class FormFields
{
    public static string Get(IFormCollection form, string key) => form[key].ToString().Trim();

    public static string FirstWord(string name)
    {
        var words = name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length > 0 ? words[0] : name;
    }

    // The rule is "contains '@'"; it must also parse as an address, or the email could not be built later.
    public static bool IsEmail(string email) =>
        email.Contains('@', StringComparison.Ordinal)
        && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailboxAddress.TryParse(email, out _);
}
