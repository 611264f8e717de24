using System.Text.Json;
using NodaTime.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Trace;

namespace PipelineGuard.Reporting;

/// <summary>The versioned JSON report of docs/CONTRACT.md section 3, written without reflection.</summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public static void WriteFile(Evaluation evaluation, string path) =>
        JsonReportWriting.ToFile(path, stream => Write(evaluation, stream));

    public static string ToJson(Evaluation evaluation) =>
        JsonReportWriting.ToText(stream => Write(evaluation, stream));

    public static void Write(Evaluation e, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, JsonReportWriting.Options);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteStartObject("tool");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", ToolInfo.Version);
        w.WriteEndObject();
        w.WriteString("decision", ContractWords.Of(e.Decision));
        w.WriteString("mode", ContractWords.Of(e.Mode));
        w.WriteString("evaluatedAt", InstantPattern.ExtendedIso.Format(e.EvaluatedAt));
        WriteContext(w, e.Context);
        w.WriteStartObject("policy");
        w.WriteStartArray("files");
        foreach (var source in e.Policy.Sources)
        {
            w.WriteStartObject();
            w.WriteString("file", source.File);
            w.WriteString("sha256", source.Sha256);
            w.WriteBoolean("builtIn", source.BuiltIn);
            Str(w, "origin", source.Origin);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("inputs");
        foreach (var input in e.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("kind", input.Kind);
            w.WriteString("file", input.Path);
            w.WriteString("sha256", input.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("findings");
        foreach (var f in e.Findings) WriteFinding(w, f);
        w.WriteEndArray();
        w.WriteStartArray("rules");
        foreach (var r in e.Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Rule.Id);
            w.WriteString("status", r.Status switch
            {
                RuleStatus.Evaluated => "evaluated",
                RuleStatus.OutOfScope => "out-of-scope",
                _ => "scope-undetermined",
            });
            if (r.Reason is null) w.WriteNull("reason");
            else w.WriteString("reason", r.Reason);
            w.WriteNumber("findings", r.Findings.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("notices");
        foreach (var n in e.Notices)
        {
            w.WriteStartObject();
            w.WriteString("level", n.Level);
            w.WriteString("message", n.Message);
            if (n.RuleId is null) w.WriteNull("ruleId");
            else w.WriteString("ruleId", n.RuleId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        ApprovalFields.WriteReport(w, e);
        if (e.Trace is { } trace)
        {
            // Every new statement as run on a throwaway PostgreSQL, with its locks and how the static analysis compares.
            w.WriteStartObject("trace");
            Trace.TraceReport.WriteFields(w, trace);
            w.WriteEndObject();
        }
        w.WriteStartObject("summary");
        w.WriteNumber("rules", e.Rules.Count);
        w.WriteNumber("evaluated", e.Rules.Count(r => r.Status == RuleStatus.Evaluated));
        w.WriteNumber("findings", e.Findings.Count);
        w.WriteNumber("blocking", e.Findings.Count(f => f.Outcome == Outcome.Block));
        w.WriteNumber("warnings", e.Findings.Count(f => f.Outcome == Outcome.Warn));
        w.WriteNumber("advisory", e.Findings.Count(f => f.Outcome == Outcome.Advisory));
        w.WriteNumber("waived", e.Findings.Count(f => f.Outcome == Outcome.Waived));
        w.WriteNumber("overridden", e.Findings.Count(f => f.Outcome == Outcome.Overridden));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter w, DeployContext c)
    {
        w.WriteStartObject("context");
        JsonFields.ContextFields(w, c);
        if (c.PullRequest?.Number is { } pr) w.WriteNumber("pullRequest", pr);
        else w.WriteNull("pullRequest");
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.RuleId);
        w.WriteString("severity", ContractWords.Of(f.Severity));
        w.WriteString("enforcement", ContractWords.Of(f.Enforcement));
        w.WriteString("outcome", ContractWords.Of(f.Outcome));
        w.WriteString("message", f.Message);
        JsonFields.Target(w, f.Target, withSource: true);
        w.WriteString("remediation", f.Remediation);
        Str(w, "howToOverride", f.HowToOverride);
        w.WriteBoolean("indeterminate", f.Indeterminate);
        w.WriteString("fingerprint", f.Fingerprint);
        JsonFields.Override(w, f.Override);
        JsonFields.Exception(w, f.Waiver);
        w.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter w, string name, string? value) => JsonFields.String(w, name, value);
}
