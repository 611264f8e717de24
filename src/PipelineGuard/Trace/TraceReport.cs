using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineGuard.Sql;

namespace PipelineGuard.Trace;

/// <summary>The <c>trace</c> command's own report: one block per statement on the console, and a JSON document.</summary>
public static class TraceReport
{
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every line starts with a fixed word or a path, never with text from a migration (no CI command can be smuggled in).</summary>
    public static void WriteConsole(MigrationTrace trace, TextWriter o)
    {
        o.WriteLine($"trace: {trace.Summary} in {trace.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        foreach (var f in trace.AppliedFailures)
        {
            o.WriteLine($"applied-failed {f.File}:{f.Line}:{f.Column} {f.Excerpt}");
            o.WriteLine($"    error: {OneLine(f.Error)}");
        }
        foreach (var s in trace.Statements)
        {
            o.WriteLine($"{Label(s)} {s.File}:{s.Line}:{s.Column} {s.Excerpt}");
            if (s.Outcome != TraceOutcome.Traced)
            {
                var where = s.ErrorLine is { } line ? $" (at {s.File}:{line}:{s.ErrorColumn})" : "";
                o.WriteLine($"    error: {OneLine(s.Error ?? "")}{where}");
                continue;
            }
            var locks = s.Locks.Count == 0 ? "no lock on an existing object" : string.Join(", ", s.Locks.Select(l => $"{l.Mode.SqlName()} on {l.Kind} {l.Object}"));
            var held = s.StrongestLockHeld is { } h ? $"; held {Ms(h)} ms" : "";
            var outside = s.OutsideTransaction ? "; ran outside a transaction" : "";
            o.WriteLine($"    locks: {locks}{held}; lock_timeout {s.LockTimeout}{outside}");
            if (s.Rewrites.Count > 0) o.WriteLine($"    rewrote: {string.Join(", ", s.Rewrites.Select(r => $"{r.Kind} {r.Object}"))}");
            if (s.WhileAccessExclusive is { } ae) o.WriteLine($"    while: ACCESS EXCLUSIVE on {ae.Object} held since line {ae.Line}");
            if (s.Note is { } note) o.WriteLine($"    note: {note}");
            o.WriteLine($"    static: {s.Static.Detail}");
        }
    }

    private static string Label(TracedStatement s) => s.Outcome switch
    {
        TraceOutcome.Failed => "FAILED",
        TraceOutcome.NotRun => "not-run",
        _ => TraceCheck.AgreementName(s.Static.Agreement),
    };

    public static void WriteJson(MigrationTrace trace, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, s_options);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteFields(w, trace);
        w.WriteEndObject();
    }

    /// <summary>The trace's fields, written into the current object: the <c>trace</c> document and the check report's <c>trace</c> object share them.</summary>
    public static void WriteFields(Utf8JsonWriter w, MigrationTrace trace)
    {
        w.WriteString("server", trace.Server);
        w.WriteNumber("serverMajor", trace.ServerMajor);
        w.WriteNumber("appliedFiles", trace.AppliedFiles);
        w.WriteNumber("appliedStatements", trace.AppliedStatements);
        w.WriteNumber("statements", trace.Statements.Count);
        w.WriteNumber("traced", trace.TracedCount);
        w.WriteNumber("failed", trace.FailedCount);
        w.WriteNumber("tracedShare", Math.Round(trace.TracedShare, 4));
        w.WriteStartObject("agreement");
        foreach (var a in new[] { Agreement.Confirmed, Agreement.Mismatch, Agreement.TraceOnly, Agreement.StaticOnly, Agreement.NotTraced })
        {
            w.WriteNumber(TraceCheck.AgreementName(a), trace.CountOf(a));
        }
        w.WriteEndObject();
        w.WriteNumber("elapsedMs", Math.Round(trace.Elapsed.TotalMilliseconds));
        w.WriteStartArray("appliedFailures");
        foreach (var f in trace.AppliedFailures)
        {
            w.WriteStartObject();
            w.WriteString("file", f.File);
            w.WriteNumber("line", f.Line);
            w.WriteNumber("column", f.Column);
            w.WriteString("statement", f.Excerpt);
            w.WriteString("error", f.Error);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("results");
        foreach (var s in trace.Statements) WriteStatement(w, s);
        w.WriteEndArray();
    }

    /// <summary>One traced statement as a JSON object.</summary>
    public static void WriteStatement(Utf8JsonWriter w, TracedStatement s)
    {
        w.WriteStartObject();
        w.WriteString("file", s.File);
        w.WriteNumber("line", s.Line);
        w.WriteNumber("column", s.Column);
        w.WriteString("statement", s.Excerpt);
        w.WriteString("outcome", s.Outcome switch { TraceOutcome.Traced => "traced", TraceOutcome.Failed => "failed", _ => "not-run" });
        if (s.Error is { } error) w.WriteString("error", error);
        if (s.ErrorLine is { } el)
        {
            w.WriteNumber("errorLine", el);
            w.WriteNumber("errorColumn", s.ErrorColumn ?? 1);
        }
        w.WriteStartArray("locks");
        foreach (var l in s.Locks)
        {
            w.WriteStartObject();
            w.WriteString("object", l.Object);
            w.WriteString("kind", l.Kind);
            w.WriteString("mode", l.Mode.PolicyName());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("rewrites");
        foreach (var r in s.Rewrites)
        {
            w.WriteStartObject();
            w.WriteString("object", r.Object);
            w.WriteString("kind", r.Kind);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (s.StrongestLockHeld is { } held) w.WriteNumber("strongestLockHeldMs", Math.Round(held.TotalMilliseconds, 3));
        w.WriteString("lockTimeout", s.LockTimeout);
        w.WriteBoolean("outsideTransaction", s.OutsideTransaction);
        if (s.WhileAccessExclusive is { } ae)
        {
            w.WriteStartObject("whileAccessExclusive");
            w.WriteString("object", ae.Object);
            w.WriteNumber("since", ae.Line);
            w.WriteEndObject();
        }
        if (s.Note is { } note) w.WriteString("note", note);
        w.WriteStartObject("static");
        w.WriteStartArray("classes");
        foreach (var c in s.Static.Classes) w.WriteStringValue(Sql.StatementClasses.NameOf(c));
        w.WriteEndArray();
        if (s.Static.Claim.Mode is { } m) w.WriteString("claimedLock", m.PolicyName());
        w.WriteBoolean("claimedRewrite", s.Static.Claim.Rewrites);
        w.WriteString("agreement", TraceCheck.AgreementName(s.Static.Agreement));
        w.WriteString("detail", s.Static.Detail);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string OneLine(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture);
}
