using System.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>
/// What the guard says to a GitHub Actions runner: workflow-command annotations on file:line (at most
/// 10 per type per step, the runner's limit; the rest are in the step summary), the Markdown step
/// summary, step outputs through GITHUB_OUTPUT, and masks for tokens.
/// </summary>
public static class GitHubActionsReport
{
    /// <summary>The runner keeps at most this many error, warning and notice annotations each per step.</summary>
    public const int MaxAnnotationsPerType = 10;

    /// <summary>The runner truncates annotation messages at this length.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Variables whose values are tokens: masked in the log before anything else is printed.</summary>
    public static readonly IReadOnlyList<string> TokenVariables = ["INPUT_GITHUB-TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "PIPELINE_GUARD_AUDIT_KEY"];

    /// <summary>A command's message: <c>%</c>, CR and LF encoded (actions/runner ActionCommand.cs).</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A command's property value: as data, plus <c>:</c> and <c>,</c>.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    public static string Command(string name, IEnumerable<(string Key, string Value)> properties, string message)
    {
        var props = string.Join(",", properties.Select(p => $"{p.Key}={EscapeProperty(p.Value)}"));
        return props.Length == 0 ? $"::{name}::{EscapeData(message)}" : $"::{name} {props}::{EscapeData(message)}";
    }

    public static void WriteMasks(TextWriter output, IReadOnlyDictionary<string, string?> environment)
    {
        var secrets = TokenVariables.Select(name => environment.GetValueOrDefault(name)).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);
        foreach (var secret in secrets) CommandSafeWriter.Command(output, $"::add-mask::{EscapeData(secret)}");
    }

    /// <summary>Prints the annotations; returns how many findings the per-step limits kept off the annotations.</summary>
    public static int WriteAnnotations(Evaluation e, TextWriter output, RepositoryPaths paths)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var omitted = 0;
        foreach (var f in e.Findings)
        {
            var level = LevelOf(f, e.Mode);
            if (level is null) continue;
            var used = counts.GetValueOrDefault(level);
            if (used >= MaxAnnotationsPerType)
            {
                omitted++;
                continue;
            }
            counts[level] = used + 1;
            CommandSafeWriter.Command(output, Annotation(f, level, e.Mode, paths));
        }
        // Expiring and expired exceptions are warnings ahead of time, not findings: annotate them too.
        foreach (var notice in e.Notices.Where(n => n.Level == "warning"))
        {
            var used = counts.GetValueOrDefault("warning");
            if (used >= MaxAnnotationsPerType) break;
            counts["warning"] = used + 1;
            CommandSafeWriter.Command(output, Command("warning", [("title", notice.RuleId is { } rule ? $"pipeline-guard: {rule}" : "pipeline-guard")], notice.Message));
        }
        if (omitted > 0)
        {
            output.WriteLine($"pipeline-guard: {omitted} more finding(s) are not annotated (GitHub keeps {MaxAnnotationsPerType} errors, warnings and notices each per step); the step summary lists every finding.");
        }
        return omitted;
    }

    /// <summary>error for blocks, warning for warnings (and for would-be blocks in audit mode), notice for advisories.</summary>
    private static string? LevelOf(Finding f, PolicyMode mode) => f.Outcome switch
    {
        Outcome.Block => mode == PolicyMode.Audit ? "warning" : "error",
        Outcome.Warn => "warning",
        Outcome.Advisory => "notice",
        _ => null,
    };

    public static string Annotation(Finding f, string level, PolicyMode mode, RepositoryPaths paths)
    {
        var properties = new List<(string, string)>();
        if (RepositoryPaths.PlaceOf(f) is { } place && paths.RelativeToRoot(place.File) is { } file)
        {
            properties.Add(("file", file));
            if (place.Line is { } line)
            {
                properties.Add(("line", line.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (place.Column is { } col) properties.Add(("col", col.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        var prefix = f.Outcome == Outcome.Block && mode == PolicyMode.Audit ? "would block (audit): " : "";
        properties.Add(("title", $"{prefix}{f.RuleId} ({ContractWords.Of(f.Severity)})"));
        var message = new StringBuilder(f.Message);
        if (f.Indeterminate) message.Append(" (known only after apply)");
        if (f.Target.SourceFile is not null && f.Target.File is { } plan) message.Append($"\nPlan: {paths.RelativeToRoot(plan) ?? plan}{(f.Target.Line is { } l ? $":{l}" : "")}");
        message.Append("\nFix: ").Append(f.Remediation);
        if (f.Outcome == Outcome.Block && f.HowToOverride is { } how) message.Append('\n').Append(how);
        var text = message.ToString();
        if (text.Length > MaxMessageLength) text = text[..(MaxMessageLength - 1)] + "…";
        return Command(level, properties, text);
    }

    /// <summary>Appends the Markdown summary to the GITHUB_STEP_SUMMARY file, within its 1 MiB limit.</summary>
    public static void AppendSummary(string summaryFile, Evaluation e, RepositoryPaths paths, int omittedAnnotations)
    {
        var existing = File.Exists(summaryFile) ? new FileInfo(summaryFile).Length : 0;
        var room = (int)Math.Max(0, MarkdownReport.GitHubSummaryLimitBytes - existing);
        var note = omittedAnnotations > 0
            ? $"{omittedAnnotations} finding(s) are listed here only: GitHub shows at most {MaxAnnotationsPerType} error, warning and notice annotations each per step."
            : null;
        var markdown = MarkdownReport.Render(e, paths, note, room);
        if (Encoding.UTF8.GetByteCount(markdown) > room) return;
        File.AppendAllText(summaryFile, markdown, new UTF8Encoding(false));
    }

    /// <summary>Sets step outputs in the GITHUB_OUTPUT file, each as a heredoc with a random delimiter.</summary>
    public static void WriteOutputs(string outputFile, IEnumerable<(string Name, string Value)> outputs)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            var delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            sb.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }
        File.AppendAllText(outputFile, sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>The whole GitHub side of a run: masks, annotations, summary and outputs.</summary>
    public static void Publish(Evaluation e, TextWriter output, IReadOnlyDictionary<string, string?> environment, RepositoryPaths paths, ReportFiles files, string? auditHead = null)
    {
        var omitted = WriteAnnotations(e, output, paths);
        if (environment.GetValueOrDefault("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary) AppendSummary(summary, e, paths, omitted);
        if (environment.GetValueOrDefault("GITHUB_OUTPUT") is { Length: > 0 } outputs) WriteOutputs(outputs, Outputs(e, files, paths, auditHead));
    }

    /// <summary>The step outputs action.yml declares.</summary>
    public static IEnumerable<(string Name, string Value)> Outputs(Evaluation e, ReportFiles files, RepositoryPaths paths, string? auditHead = null)
    {
        yield return ("decision", ContractWords.Of(e.Decision));
        yield return ("blocking", e.Blocking.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("findings", e.Findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("exit-code", e.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var reporter in Reporters.All) yield return (reporter.GitHubOutput, Show(files.PathOf(reporter), paths));
        // The chain head after this run's records: kept by the pipeline, it lets a later verify --head see a log cut short.
        yield return ("audit-head", auditHead ?? "");
    }

    private static string Show(string? file, RepositoryPaths paths) => file is null ? "" : paths.RelativeToRoot(file) ?? file;
}
