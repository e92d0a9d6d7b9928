using System.Globalization;
using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads <c>personas.yaml</c> files: who the shopper is.</summary>
public sealed class PersonasReader
{
    private readonly ByIdFile<PersonaDefinition> _file = new("personas", "persona", PersonaLanguage.File, PersonaLanguage.Persona, p => p.Place);

    public Defined<PersonaDefinition> Personas => _file.Result;

    public void Read(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in _file.Entries(reader, root))
        {
            var name = reader.String(map.Required("name", "add the shopper's full name, e.g. name: Alex Morgan"), "name");
            var locale = map.Text("locale");
            if (locale is not null && !IsCulture(locale))
            {
                reader.Error(map["locale"]!, $"locale '{locale}' is not known", "use a language tag, e.g. en-GB, de-DE, fr-FR");
                locale = null;
            }

            var timeZone = TargetsReader.ReadTimeZone(reader, map["timezone"]);
            var device = map.OneOf("device", PersonaLanguage.Devices);
            if (name is null)
            {
                _file.Broken(id);
                continue;
            }

            var words = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            _file.TryAdd(reader, keyNode, id, () => new PersonaDefinition
            {
                Id = id,
                Name = name,
                FirstName = map.Text("first_name") ?? words[0],
                LastName = map.Text("last_name") ?? (words.Length > 1 ? words[1] : ""),
                Company = map.Text("company") ?? "",
                Phone = map.Text("phone") ?? "",
                Locale = locale ?? "en-GB",
                TimeZone = timeZone ?? "UTC",
                Device = device ?? "desktop",
                Place = reader.Place(keyNode),
            });
        }
    }

    private static bool IsCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
