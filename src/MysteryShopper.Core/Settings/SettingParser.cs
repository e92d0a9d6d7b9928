using System.Diagnostics.CodeAnalysis;

namespace MysteryShopper.Settings;

/// <summary>A setting type's TryParse: the value, or the problem said once for mshop.yaml and the command line alike.</summary>
public delegate bool SettingParser<T>(string text, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out SettingProblem? problem)
    where T : class;
