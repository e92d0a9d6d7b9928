using System.Globalization;
using MysteryShopper.Pipeline;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MysteryShopper.Cli.Running;

/// <summary>
/// The live display of a run on a terminal: a table of probes done, running, awaiting and failed per company, with the
/// elapsed time, redrawn in place. Log lines written meanwhile go through the same <see cref="IAnsiConsole"/>
/// (<see cref="LiveLogSink"/>), whose live render hook prints them above the table, so they never garble it.
/// </summary>
public sealed class LiveProgress : IProgress<ProbeProgress>, IAsyncDisposable
{
    private readonly IAnsiConsole _console;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _display;

    private LiveProgress(IAnsiConsole console, TimeProvider time)
    {
        _console = console;
        Board = new ProgressBoard(time);
        _display = _console.Live(Render(Board)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(RefreshAsync);
    }

    public ProgressBoard Board { get; }

    /// <summary>Starts the display on <paramref name="console"/>; disposing it draws the last state and stops.</summary>
    public static LiveProgress Start(IAnsiConsole console, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        return new LiveProgress(console, time);
    }

    /// <summary>Whether the live display suits <paramref name="output"/>: the real standard output, on an interactive terminal that understands ANSI.</summary>
    public static bool Suits(TextWriter output, IAnsiConsole console) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && console.Profile.Capabilities is { Interactive: true, Ansi: true };

    public void Report(ProbeProgress value)
    {
        Board.Apply(value);
        _changed.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _display;
        _stop.Dispose();
        _changed.Dispose();
    }

    /// <summary>The table: a row per company, a total, and the elapsed time in its title.</summary>
    public static IRenderable Render(ProgressBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"mshop run · {ProgressBoard.Clock(board.Elapsed)}"))
            .AddColumn("Company")
            .AddColumn(new TableColumn("Done").RightAligned())
            .AddColumn(new TableColumn("Running").RightAligned())
            .AddColumn(new TableColumn("Awaiting").RightAligned())
            .AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Skipped").RightAligned());
        foreach (var company in board.Companies())
        {
            table.AddRow(Row(company, company.TargetName));
        }

        table.AddRow(Row(board.Total(), "all"));
        return table;
    }

    private static IRenderable[] Row(CompanyProgress company, string name) =>
    [
        new Text(name),
        new Text(string.Create(CultureInfo.InvariantCulture, $"{company.Done}/{company.Total}")),
        new Text(company.Running.ToString(CultureInfo.InvariantCulture), company.Running > 0 ? new Style(Color.Blue) : Style.Plain),
        new Text(company.Awaiting.ToString(CultureInfo.InvariantCulture), company.Awaiting > 0 ? new Style(Color.Yellow) : Style.Plain),
        new Text(company.Failed.ToString(CultureInfo.InvariantCulture), company.Failed > 0 ? new Style(Color.Red) : Style.Plain),
        new Text(company.Skipped.ToString(CultureInfo.InvariantCulture)),
    ];

    private async Task RefreshAsync(LiveDisplayContext context)
    {
        // Redrawn on each change and every second (the elapsed time), until disposed; then once more, final.
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            context.UpdateTarget(Render(Board));
        }

        context.UpdateTarget(Render(Board));
    }
}

/// <summary>
/// The console log sink of <c>mshop</c>: normally the Serilog console sink it wraps; while a live display runs
/// (<see cref="Divert"/>), each line is written through that display's <see cref="IAnsiConsole"/> instead, so it
/// appears above the display rather than through it.
/// </summary>
public sealed class LiveLogSink(ILogEventSink console, string outputTemplate) : ILogEventSink
{
    private static readonly Lock Gate = new();

    // The one console the process has: set while a live display owns it.
    private static IAnsiConsole? _diverted;

    private readonly MessageTemplateTextFormatter _formatter = new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture);

    /// <summary>Sends log lines through <paramref name="live"/> until the result is disposed.</summary>
    public static IDisposable Divert(IAnsiConsole live)
    {
        ArgumentNullException.ThrowIfNull(live);
        lock (Gate)
        {
            _diverted = live;
        }

        return new Restore();
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        IAnsiConsole? live;
        lock (Gate)
        {
            live = _diverted;
        }

        if (live is null)
        {
            console.Emit(logEvent);
            return;
        }

        using var line = new StringWriter(CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, line);
        var style = logEvent.Level >= LogEventLevel.Error ? new Style(Color.Red) : logEvent.Level == LogEventLevel.Warning ? new Style(Color.Yellow) : Style.Plain;
        live.Write(new Text(line.ToString(), style));
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                _diverted = null;
            }
        }
    }
}

/// <summary>
/// The progress a run shows on the console: live on an interactive terminal (with the log lines diverted above it),
/// else plain lines on <c>output</c>. Disposing it ends the live display before the run's summary is written.
/// </summary>
public sealed class ConsoleProgress : IAsyncDisposable
{
    private readonly LiveProgress? _live;
    private readonly IDisposable? _diverted;

    private ConsoleProgress(IProgress<ProbeProgress> progress, LiveProgress? live, IDisposable? diverted) =>
        (Progress, _live, _diverted) = (progress, live, diverted);

    public IProgress<ProbeProgress> Progress { get; }

    public static ConsoleProgress For(TextWriter output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (LiveProgress.Suits(output, AnsiConsole.Console))
        {
            var live = LiveProgress.Start(AnsiConsole.Console, time);
            return new ConsoleProgress(live, live, LiveLogSink.Divert(AnsiConsole.Console));
        }

        return new ConsoleProgress(new PlainProgress(output, time), null, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        _diverted?.Dispose();
    }
}
