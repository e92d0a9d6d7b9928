using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MysteryShopper.Redaction;

/// <summary>Passes log events on with every secret value masked, in properties and exceptions alike.</summary>
public sealed class RedactingSink(ILogEventSink inner, Redactor redactor) : ILogEventSink
{
    /// <summary>A logger that writes to <paramref name="log"/> with every secret masked (the log itself when there is none).</summary>
    public static ILogger Over(ILogger log, Redactor redactor) => redactor.IsEmpty ? log : new RedactingLogger(log, redactor);

    public void Emit(LogEvent logEvent) => inner.Emit(Redact(logEvent, redactor));

    private static LogEvent Redact(LogEvent logEvent, Redactor redactor)
    {
        if (redactor.IsEmpty)
        {
            return logEvent;
        }

        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Redact(p.Value, redactor)));
        var exception = logEvent.Exception is null ? null : new RedactedException(redactor.Redact(logEvent.Exception.ToString()));
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, logEvent.MessageTemplate, properties);
    }

    private static LogEventPropertyValue Redact(LogEventPropertyValue value, Redactor redactor) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(redactor.Redact(text)),
        ScalarValue { Value: { } other } when redactor.Reveals(other.ToString() ?? "") => new ScalarValue(Redactor.Mask),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Redact(e, redactor))),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value, redactor))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Redact(e.Value, redactor)))),
        _ => value,
    };

    /// <summary>An exception's text with secrets masked; the original type and stack are in the text.</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }

    /// <summary>Another logger, through the redaction (Serilog's defaults make the rest of <see cref="ILogger"/> from <see cref="Write"/>).</summary>
    private sealed class RedactingLogger(ILogger inner, Redactor redactor) : ILogger
    {
        public void Write(LogEvent logEvent) => inner.Write(Redact(logEvent, redactor));

        public bool IsEnabled(LogEventLevel level) => inner.IsEnabled(level);
    }
}
