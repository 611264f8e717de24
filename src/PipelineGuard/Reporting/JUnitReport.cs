using System.Globalization;
using System.Text;
using System.Xml;
using NodaTime.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Trace;

namespace PipelineGuard.Reporting;

/// <summary>
/// JUnit XML (<c>--junit</c>) for Jenkins' <c>junit</c> step and Azure's PublishTestResults, valid against
/// Jenkins' junit-4 schema: one testcase per rule; a failure per blocking finding; rules out of scope are
/// skipped with the reason. In audit mode nothing fails: would-block findings are listed in system-out.
/// </summary>
public static class JUnitReport
{
    private static readonly XmlWriterSettings s_settings = new()
    {
        Indent = true,
        Encoding = new UTF8Encoding(false),
        // Control characters are not allowed in XML 1.0 at all; they are replaced before writing.
        CheckCharacters = true,
    };

    public static void WriteFile(Evaluation evaluation, string path, RepositoryPaths? paths = null)
    {
        using var stream = File.Create(path);
        Write(evaluation, stream, paths);
    }

    public static string ToXml(Evaluation evaluation, RepositoryPaths? paths = null)
    {
        using var stream = new MemoryStream();
        Write(evaluation, stream, paths);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Evaluation e, Stream stream, RepositoryPaths? paths = null)
    {
        var failing = e.Mode == PolicyMode.Enforce;
        var failures = failing ? e.Rules.Count(r => r.Findings.Any(f => f.Outcome == Outcome.Block)) : 0;
        var skipped = e.Rules.Count(r => r.Status != RuleStatus.Evaluated);
        var timestamp = InstantPattern.General.Format(e.EvaluatedAt).TrimEnd('Z');
        using var w = XmlWriter.Create(stream, s_settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", ToolInfo.Name);
        w.WriteAttributeString("tests", Number(e.Rules.Count));
        w.WriteAttributeString("failures", Number(failures));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("time", "0");
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", $"{ToolInfo.Name}: {string.Join(", ", e.Policy.Sources.Select(s => s.File))}");
        w.WriteAttributeString("tests", Number(e.Rules.Count));
        w.WriteAttributeString("failures", Number(failures));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", Number(skipped));
        w.WriteAttributeString("time", "0");
        w.WriteAttributeString("timestamp", timestamp);
        w.WriteStartElement("properties");
        Property(w, "decision", ContractWords.Of(e.Decision));
        Property(w, "mode", ContractWords.Of(e.Mode));
        Property(w, "tool.version", ToolInfo.Version);
        if (e.Context.Environment is { } env) Property(w, "environment", env);
        if (e.Context.Service is { } service) Property(w, "service", service);
        if (e.Context.Commit?.Sha is { } sha) Property(w, "commit", sha);
        foreach (var input in e.Inputs) Property(w, "input." + input.Kind, input.Path);
        if (e.Trace is { } trace)
        {
            Property(w, "trace", trace.Summary);
            Property(w, "trace.tracedShare", trace.TracedShare.ToString("0.####", CultureInfo.InvariantCulture));
        }
        w.WriteEndElement();
        foreach (var rule in e.Rules) WriteCase(w, rule, failing, paths);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteCase(XmlWriter w, RuleResult result, bool failing, RepositoryPaths? paths)
    {
        var rule = result.Rule;
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", $"{ToolInfo.Name}.{rule.Check.Kind.Name}");
        w.WriteAttributeString("name", Clean(rule.Description.Length > 0 ? $"{rule.Id}: {rule.Description}" : rule.Id));
        w.WriteAttributeString("time", "0");
        if (result.Status != RuleStatus.Evaluated)
        {
            w.WriteElementString("skipped", Clean(result.Reason ?? "out of scope for this deploy"));
        }
        var blocking = result.Findings.Where(f => f.Outcome == Outcome.Block).ToList();
        if (failing)
        {
            foreach (var f in blocking)
            {
                w.WriteStartElement("failure");
                w.WriteAttributeString("type", rule.Id);
                w.WriteAttributeString("message", Clean(f.Message));
                w.WriteString(Clean(Details(f, paths)));
                w.WriteEndElement();
            }
        }
        var others = failing ? result.Findings.Where(f => f.Outcome != Outcome.Block).ToList() : result.Findings.ToList();
        if (others.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var f in others)
            {
                var label = f.Outcome == Outcome.Block ? "WOULD BLOCK (audit mode)" : ContractWords.Of(f.Outcome).ToUpperInvariant();
                text.Append(label).Append(": ").AppendLine(f.Message);
                text.AppendLine(Details(f, paths));
            }
            w.WriteElementString("system-out", Clean(text.ToString()));
        }
        w.WriteEndElement();
    }

    private static string Details(Finding f, RepositoryPaths? paths)
    {
        var sb = new StringBuilder();
        if (RepositoryPaths.PlaceOf(f) is { } place)
        {
            var file = paths?.RelativeToRoot(place.File) ?? place.File;
            sb.Append("at ").Append(f.Target.Address is { } a ? a + " in " : "").Append(file)
                .Append(place.Line is { } l ? $":{l}" : "").AppendLine(place.Column is { } c ? $":{c}" : "");
        }
        else
        {
            sb.AppendLine("at the deployment");
        }
        sb.Append("severity: ").AppendLine(ContractWords.Of(f.Severity));
        if (f.Waiver is { } x) sb.Append("exception: ").Append(x.Reason).AppendLine(x.Expired ? " (expired)" : "");
        if (f.Override is { } o) sb.Append("overridden by ").Append(o.Kind).Append(": ").AppendLine(o.By);
        sb.Append("fix: ").AppendLine(f.Remediation);
        if (f.HowToOverride is { } how) sb.AppendLine(how);
        return sb.ToString().TrimEnd();
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", Clean(value));
        w.WriteEndElement();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 forbids most control characters even escaped; they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }
        return sb.ToString();
    }
}
