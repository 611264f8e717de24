using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>The versioned JSON report of CONTRACT.md section 3, written without reflection.</summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteFile(Evaluation evaluation, string path)
    {
        using var stream = File.Create(path);
        Write(evaluation, stream);
    }

    public static string ToJson(Evaluation evaluation)
    {
        using var stream = new MemoryStream();
        Write(evaluation, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Evaluation e, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, s_options);
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
        Str(w, "environment", c.Environment);
        Str(w, "service", c.Service);
        Str(w, "actor", c.Actor);
        Str(w, "commit", c.Commit?.Sha);
        Str(w, "branch", c.Branch);
        Str(w, "repository", c.Repository);
        Str(w, "platform", c.Platform);
        Str(w, "runUrl", c.RunUrl);
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
        w.WriteStartObject("target");
        w.WriteString("kind", f.Target.Kind);
        if (f.Target.Address is { } a) w.WriteString("address", a);
        if (f.Target.File is { } file) w.WriteString("file", file);
        if (f.Target.Line is { } line) w.WriteNumber("line", line);
        if (f.Target.Column is { } col) w.WriteNumber("column", col);
        if (f.Target.SourceFile is { } sf) w.WriteString("sourceFile", sf);
        if (f.Target.SourceLine is { } sl) w.WriteNumber("sourceLine", sl);
        w.WriteEndObject();
        w.WriteString("remediation", f.Remediation);
        Str(w, "howToOverride", f.HowToOverride);
        w.WriteBoolean("indeterminate", f.Indeterminate);
        w.WriteString("fingerprint", f.Fingerprint);
        if (f.Override is { } o)
        {
            w.WriteStartObject("override");
            w.WriteString("kind", o.Kind);
            w.WriteString("by", o.By);
            Str(w, "reason", o.Reason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("override");
        }
        if (f.Exception is { } x)
        {
            w.WriteStartObject("exception");
            w.WriteString("source", x.Source);
            w.WriteString("reason", x.Reason);
            Str(w, "expires", x.Expires?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteBoolean("expired", x.Expired);
            w.WriteString("matched", x.Matched);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("exception");
        }
        w.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
