namespace MysteryShopper.Settings;

/// <summary>How many probes run at once: mshop.yaml's <c>run.parallel</c> and <c>--parallel</c>.</summary>
public static class Parallelism
{
    public static readonly WholeNumbers Range = new(1, 64);

    public const int Default = 3;
}
