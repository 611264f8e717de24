using System.Globalization;
using System.Text.Json;
using NodaTime.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.PolicyLoading;
using PipelineGuard.Trace;

namespace PipelineGuard.Reporting;

/// <summary>
/// SARIF 2.1.0 (<c>--sarif</c>) for GitHub code scanning, Warnings NG and other SARIF readers. One
/// reportingDescriptor per policy rule. A result without a file of its own (a deploy window, an
/// incident) is placed on the line of the policy file that defines its rule, with a logical location
/// naming the real subject, because GitHub does not show results without a location.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The partialFingerprints key; bump the version if the fingerprint's recipe ever changes.</summary>
    public const string FingerprintKey = "pipelineGuard/v1";

    /// <summary>GitHub ingests rule name and description texts up to these lengths.</summary>
    private const int MaxNameLength = 255;

    private const int MaxDescriptionLength = 1024;

    public static void WriteFile(Evaluation evaluation, string path, RepositoryPaths paths) =>
        JsonReportWriting.ToFile(path, stream => Write(evaluation, stream, paths));

    public static string ToJson(Evaluation evaluation, RepositoryPaths paths) =>
        JsonReportWriting.ToText(stream => Write(evaluation, stream, paths));

    public static void Write(Evaluation e, Stream stream, RepositoryPaths paths)
    {
        var rules = e.Policy.Rules;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++) index.TryAdd(rules[i].Id, i);

        using var w = new Utf8JsonWriter(stream, JsonReportWriting.Options);
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "PipelineGuard");
        w.WriteString("version", ToolInfo.Version);
        w.WriteString("semanticVersion", ToolInfo.Version);
        w.WriteString("informationUri", ToolInfo.InformationUri);
        w.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(w, rule);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("automationDetails");
        w.WriteString("id", $"{ToolInfo.Name}/{e.Context.Environment ?? "any"}/");
        w.WriteEndObject();

        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteString("endTimeUtc", InstantPattern.General.Format(e.EvaluatedAt));
        w.WriteStartObject("properties");
        w.WriteString("decision", ContractWords.Of(e.Decision));
        w.WriteString("mode", ContractWords.Of(e.Mode));
        if (e.Trace is { } trace)
        {
            w.WriteStartObject("trace");
            w.WriteString("server", trace.Server);
            w.WriteNumber("statements", trace.Statements.Count);
            w.WriteNumber("traced", trace.TracedCount);
            w.WriteNumber("failed", trace.FailedCount);
            w.WriteNumber("tracedShare", Math.Round(trace.TracedShare, 4));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteString("columnKind", "utf16CodeUnits");

        w.WriteStartArray("results");
        foreach (var f in e.Findings) WriteResult(w, f, e, index, paths);
        w.WriteEndArray();

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, PolicyRule rule)
    {
        var summary = rule.Description.Length > 0 ? rule.Description : $"{rule.Check.Kind.Name} rule {rule.Id}: {rule.Check.Kind.Summary}";
        var full = $"{summary} {rule.EffectiveRationale}".Trim();
        var how = rule.Override?.Describe(rule.Id);
        var overrideText = string.IsNullOrEmpty(how) ? "This rule has no override: fix the change, or add an exception with a reason and an expiry date." : how;
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", Limit(PascalCase(rule.Id), MaxNameLength));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", Limit(summary, MaxDescriptionLength));
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", Limit(full, MaxDescriptionLength));
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", $"Why: {rule.EffectiveRationale}\nHow to fix: {rule.EffectiveRemediation}\nHow to override for one run: {overrideText}");
        w.WriteString("markdown", $"**Why:** {rule.EffectiveRationale}\n\n**How to fix:** {rule.EffectiveRemediation}\n\n**How to override for one run:** {overrideText}\n\nDefined at `{rule.Position}`; `pipeline-guard explain {rule.Id}` prints the rule.");
        w.WriteEndObject();
        if (rule.HelpUri is { } uri) w.WriteString("helpUri", uri);
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", LevelOf(rule.Enforcement));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("pipeline-guard");
        w.WriteStringValue("policy");
        w.WriteStringValue(rule.Check.Kind.Name);
        w.WriteEndArray();
        w.WriteString("precision", "high");
        w.WriteString("problem.severity", rule.Enforcement switch
        {
            Enforcement.Block => "error",
            Enforcement.Warn => "warning",
            _ => "recommendation",
        });
        w.WriteString("security-severity", SecuritySeverity(rule.Severity));
        w.WriteString("enforcement", ContractWords.Of(rule.Enforcement));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, Evaluation e, Dictionary<string, int> index, RepositoryPaths paths)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.RuleId);
        if (index.TryGetValue(f.RuleId, out var i)) w.WriteNumber("ruleIndex", i);
        w.WriteString("level", f.Outcome switch
        {
            Outcome.Block => "error",
            Outcome.Warn => "warning",
            Outcome.Advisory => "note",
            _ => LevelOf(f.Enforcement),
        });
        w.WriteStartObject("message");
        var text = f.Message + (f.Indeterminate ? " (known only after apply)" : "");
        w.WriteString("text", f.HowToOverride is { } how && f.Outcome == Outcome.Block ? $"{text}. {how}" : text);
        w.WriteEndObject();

        var place = RepositoryPaths.PlaceOf(f);
        var anchoredOnRule = false;
        if (place is null && RepositoryPaths.RuleDefinition(f, e) is { } definition)
        {
            place = definition;
            anchoredOnRule = true;
        }
        // The built-in policy has no file in the repository: anchor on the first input file instead.
        if (place is null && e.Inputs.FirstOrDefault(x => x.Kind != "policy") is { } input)
        {
            place = new FindingPlace(input.Path, 1, null);
            anchoredOnRule = true;
        }
        if (place is not null)
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", UriOf(place.File, paths));
            w.WriteEndObject();
            w.WriteStartObject("region");
            w.WriteNumber("startLine", Math.Max(1, place.Line ?? 1));
            if (place.Column is { } col && !anchoredOnRule) w.WriteNumber("startColumn", Math.Max(1, col));
            w.WriteEndObject();
            w.WriteEndObject();
            WriteLogicalLocation(w, f);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, f.Fingerprint);
        w.WriteEndObject();

        if (f.Outcome is Outcome.Waived or Outcome.Overridden)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", f.Waiver?.Source == "inline" ? "inSource" : "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", f.Outcome == Outcome.Waived
                ? $"waived: {f.Waiver?.Reason}{(f.Waiver?.Expires is { } d ? $" (until {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : "")}"
                : $"overridden by {f.Override?.Kind}: {f.Override?.By}{(f.Override?.Reason is { } r ? $" ({r})" : "")}");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("outcome", ContractWords.Of(f.Outcome));
        w.WriteString("severity", ContractWords.Of(f.Severity));
        w.WriteString("targetKind", f.Target.Kind);
        if (f.Target.Address is { } address) w.WriteString("address", address);
        if (f.Target.Kind == TargetKinds.TerraformResource && f.Target.File is { } plan)
        {
            w.WriteString("planFile", UriOf(plan, paths));
            if (f.Target.Line is { } planLine) w.WriteNumber("planLine", planLine);
        }
        w.WriteBoolean("indeterminate", f.Indeterminate);
        w.WriteString("remediation", f.Remediation);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteLogicalLocation(Utf8JsonWriter w, Finding f)
    {
        var (name, kind) = f.Target.Kind switch
        {
            TargetKinds.TerraformResource => (f.Target.Address, "resource"),
            TargetKinds.TerraformPlan => (f.Target.File, "module"),
            TargetKinds.Deployment => ("deployment", "object"),
            TargetKinds.Policy => (f.Target.File ?? "policy", "object"),
            _ => ((string?)null, (string?)null),
        };
        if (name is null || kind is null) return;
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("fullyQualifiedName", name);
        w.WriteString("kind", kind);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>Repository-relative with forward slashes (GitHub resolves those from the repo root); a file outside the root as a file: URI.</summary>
    public static string UriOf(string file, RepositoryPaths paths)
    {
        if (paths.RelativeToRoot(file) is { } relative) return string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
        if (file.StartsWith(PolicyLoader.BuiltInName, StringComparison.Ordinal)) return file;
        return new Uri(paths.Absolute(file)).AbsoluteUri;
    }

    private static string LevelOf(Enforcement enforcement) => enforcement switch
    {
        Enforcement.Block => "error",
        Enforcement.Warn => "warning",
        _ => "note",
    };

    /// <summary>GitHub's scale: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "2.0",
    };

    private static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
