using Serilog.Core;
using Serilog.Events;

namespace MysteryShopper.Scenarios;

/// <summary>Passes log events on with every secret value masked, in properties and exceptions alike.</summary>
public sealed class RedactingSink(ILogEventSink inner, Redactor redactor) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        if (redactor.IsEmpty)
        {
            inner.Emit(logEvent);
            return;
        }

        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Redact(p.Value)));
        var exception = logEvent.Exception is null ? null : new RedactedException(redactor.Redact(logEvent.Exception.ToString()));
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, logEvent.MessageTemplate, properties));
    }

    private LogEventPropertyValue Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(redactor.Redact(text)),
        ScalarValue { Value: { } other } when redactor.Redact(other.ToString() ?? "") != other.ToString() => new ScalarValue(Secrets.Mask),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Redact)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Redact(e.Value)))),
        _ => value,
    };

    /// <summary>An exception's text with secrets masked; the original type and stack are in the text.</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
