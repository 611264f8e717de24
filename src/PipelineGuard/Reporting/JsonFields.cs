using System.Globalization;
using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>How the JSON report and the audit log write the model's shared parts, so both say the same thing the same way.</summary>
public static class JsonFields
{
    public static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>The target object; <paramref name="withSource"/> adds where a terraform address was mapped in the .tf files.</summary>
    public static void Target(Utf8JsonWriter w, Target t, bool withSource)
    {
        w.WriteStartObject("target");
        w.WriteString("kind", t.Kind);
        if (t.Address is { } a) w.WriteString("address", a);
        if (t.File is { } file) w.WriteString("file", file);
        if (t.Line is { } line) w.WriteNumber("line", line);
        if (t.Column is { } col) w.WriteNumber("column", col);
        if (withSource && t.SourceFile is { } sf) w.WriteString("sourceFile", sf);
        if (withSource && t.SourceLine is { } sl) w.WriteNumber("sourceLine", sl);
        w.WriteEndObject();
    }

    /// <summary>Who deployed what, where: the fields the report and the audit log share.</summary>
    public static void ContextFields(Utf8JsonWriter w, DeployContext c)
    {
        String(w, "environment", c.Environment);
        String(w, "service", c.Service);
        String(w, "actor", c.Actor);
        String(w, "commit", c.Commit?.Sha);
        String(w, "branch", c.Branch);
        String(w, "repository", c.Repository);
        String(w, "platform", c.Platform);
        String(w, "runUrl", c.RunUrl);
    }

    public static void Override(Utf8JsonWriter w, OverrideUse? o)
    {
        if (o is null)
        {
            w.WriteNull("override");
            return;
        }
        w.WriteStartObject("override");
        w.WriteString("kind", o.Kind);
        w.WriteString("by", o.By);
        String(w, "reason", o.Reason);
        w.WriteEndObject();
    }

    public static void Exception(Utf8JsonWriter w, WaiverUse? x)
    {
        if (x is null)
        {
            w.WriteNull("exception");
            return;
        }
        w.WriteStartObject("exception");
        w.WriteString("source", x.Source);
        w.WriteString("reason", x.Reason);
        String(w, "expires", x.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteBoolean("expired", x.Expired);
        w.WriteString("matched", x.Matched);
        w.WriteEndObject();
    }
}
