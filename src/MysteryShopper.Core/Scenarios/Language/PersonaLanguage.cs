namespace MysteryShopper.Scenarios.Language;

/// <summary>The keys of <c>personas.yaml</c>: who the shopper is.</summary>
public static class PersonaLanguage
{
    public const string Description = "personas.yaml: who the shopper is. The email address is made per probe, so every reply is traceable.";

    /// <summary>Devices a persona can emulate (Playwright's device names), besides <c>desktop</c>.</summary>
    public static readonly IReadOnlyList<string> Devices =
        ["desktop", "iPhone 13", "iPhone 14", "iPhone SE", "iPad Mini", "iPad Pro 11", "Pixel 5", "Pixel 7", "Galaxy S9+"];

    public static readonly IReadOnlyList<Key> Persona =
    [
        new("name", "The shopper's full name, e.g. Alex Morgan; steps use {persona.name}.", Shapes.Text) { Required = true },
        new("first_name", "The first name. Default: the first word of 'name'.", Shapes.Text),
        new("last_name", "The last name. Default: the rest of 'name'.", Shapes.Text),
        new("company", "The shopper's company; steps use {persona.company}.", Shapes.Text),
        new("phone", "The shopper's phone number; steps use {persona.phone}.", Shapes.Text),
        new("locale", "The browser's language, e.g. en-GB, de-DE, fr-FR. Default en-GB.", Shapes.Json("""{"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "patternErrorMessage": "use a language tag, e.g. en-GB, de-DE, fr-FR"}""")) { Default = "en-GB" },
        new("timezone", "The browser's IANA time zone, e.g. Europe/London. Default UTC.", Shapes.Text),
        new("device", "The device to emulate. Default desktop.", Shapes.Enum(Devices)) { Default = "desktop" },
    ];

    public static readonly IReadOnlyList<Key> File =
    [
        new("personas", "Personas by id (lower-case letters, digits, '-' and '_'); scenarios use 'default' unless they say otherwise.", Shapes.Map(SharedLanguage.IdPattern, Shapes.Ref("persona"))) { Required = true },
    ];

    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("persona", "A shopper.", Shapes.Object(Persona)),
    ];
}
