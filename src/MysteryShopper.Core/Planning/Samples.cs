using MysteryShopper.Settings;

namespace MysteryShopper.Planning;

/// <summary>
/// Repeated samples: a scenario's <c>samples: N</c> and <c>--samples N</c> make N probes per scenario, target, persona
/// and question, each with its own token, so a run has distributions rather than single numbers.
/// </summary>
public static class Samples
{
    /// <summary>
    /// At most 50: enough for the statistics a baseline comparison makes (Mann–Whitney needs a handful), few enough
    /// that one mistyped number cannot send a competitor hundreds of enquiries (politeness limits still count each one).
    /// </summary>
    public static readonly WholeNumbers Range = new(1, 50);

    /// <summary>The id of sample <paramref name="sample"/> of the probe <paramref name="id"/>: the first keeps it, the others add <c>#N</c>.</summary>
    public static string Id(string id, int sample) =>
        sample == 1 ? id : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}#{sample}");

    /// <summary>The sample number a probe id carries (<c>…#3</c> is 3), 1 when it carries none: a resumed probe keeps its files apart.</summary>
    public static int Of(string id)
    {
        var hash = id.LastIndexOf('#');
        return hash >= 0 && int.TryParse(id.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sample) && sample > 1 ? sample : 1;
    }
}
