using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MysteryShopper.Storage;

namespace MysteryShopper.MailBench;

/// <summary>
/// An <see cref="IStore"/> that counts and times every call it passes on (from the call to its task's end), to see how
/// much of a pass the store takes and in which calls. A profile, not part of a figure that is judged.
/// </summary>
public class StoreCalls : DispatchProxy
{
    private readonly ConcurrentDictionary<string, (int Count, long Ticks)> _calls = new(StringComparer.Ordinal);
    private IStore _inner = null!;

    public static (IStore Store, StoreCalls Calls) Wrap(IStore inner)
    {
        var store = Create<IStore, StoreCalls>();
        var calls = (StoreCalls)(object)store;
        calls._inner = inner;
        return (store, calls);
    }

    public int Count => _calls.Values.Sum(c => c.Count);

    public TimeSpan Total => Stopwatch.GetElapsedTime(0, _calls.Values.Sum(c => c.Ticks));

    /// <summary>The calls by method, most time first: <c>Name ×count time</c>.</summary>
    public override string ToString() => string.Join(", ", _calls
        .OrderByDescending(c => c.Value.Ticks)
        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} ×{c.Value.Count} {Stopwatch.GetElapsedTime(0, c.Value.Ticks).TotalMilliseconds:0} ms")));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        if (result is Task task)
        {
            task.ContinueWith(_ => Add(targetMethod.Name, started), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            Add(targetMethod.Name, started);
        }

        return result;
    }

    private void Add(string name, long started)
    {
        var ticks = Stopwatch.GetTimestamp() - started;
        _calls.AddOrUpdate(name, (1, ticks), (_, c) => (c.Count + 1, c.Ticks + ticks));
    }
}
