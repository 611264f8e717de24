using System.Globalization;
using System.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>
/// What the guard says to an Azure Pipelines agent: <c>##vso[task.logissue]</c> per finding with the
/// source path and line, the Markdown summary through <c>task.uploadsummary</c>, and output variables
/// through <c>task.setvariable ...;isoutput=true</c>.
/// </summary>
public static class AzurePipelinesReport
{
    /// <summary>A property value, in the agent's order: <c>%</c> first (as %AZP25), then CR, LF, <c>]</c> and <c>;</c>.</summary>
    public static string EscapeProperty(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal);

    /// <summary>A command's message, as azure-pipelines-task-lib escapes it: <c>%</c>, CR and LF.</summary>
    public static string EscapeMessage(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string Command(string area, string name, IEnumerable<(string Key, string Value)> properties, string message)
    {
        // The agent runs ##vso[ anywhere in a line: one inside a value or the message is broken first.
        var props = string.Concat(properties.Select(p => $"{p.Key}={EscapeProperty(LogText.NeutraliseLine(p.Value))};"));
        return $"##vso[{area}.{name}{(props.Length == 0 ? "" : " " + props)}]{EscapeMessage(LogText.NeutraliseLine(message))}";
    }

    public static void WriteIssues(Evaluation e, TextWriter output, RepositoryPaths paths)
    {
        foreach (var f in e.Findings)
        {
            // logissue knows only error and warning; advisories stay in the console report and the summary.
            var type = f.Outcome switch
            {
                Outcome.Block => e.Mode == PolicyMode.Audit ? "warning" : "error",
                Outcome.Warn => "warning",
                _ => null,
            };
            if (type is null) continue;
            var properties = new List<(string, string)> { ("type", type) };
            if (RepositoryPaths.PlaceOf(f) is { } place)
            {
                properties.Add(("sourcepath", paths.Absolute(place.File)));
                if (place.Line is { } line) properties.Add(("linenumber", line.ToString(CultureInfo.InvariantCulture)));
                if (place.Column is { } col) properties.Add(("columnnumber", col.ToString(CultureInfo.InvariantCulture)));
            }
            properties.Add(("code", f.RuleId));
            var prefix = f.Outcome == Outcome.Block && e.Mode == PolicyMode.Audit ? "would block (audit): " : "";
            var message = new StringBuilder($"{prefix}{f.RuleId}: {f.Message}");
            message.Append(" Fix: ").Append(f.Remediation);
            if (f.Outcome == Outcome.Block && f.HowToOverride is { } how) message.Append(' ').Append(how);
            CommandSafeWriter.Command(output, Command("task", "logissue", properties, message.ToString()));
        }
        // Expiring and expired exceptions are warnings ahead of time, not findings: log them too.
        foreach (var notice in e.Notices.Where(n => n.Level == "warning"))
        {
            var properties = new List<(string, string)> { ("type", "warning") };
            if (notice.RuleId is { } rule) properties.Add(("code", rule));
            CommandSafeWriter.Command(output, Command("task", "logissue", properties, notice.Message));
        }
    }

    /// <summary>The whole Azure side of a run: issues, the uploaded summary and output variables.</summary>
    /// <param name="summaryFile">An absolute path for the Markdown summary when <c>--markdown</c> was not given.</param>
    public static void Publish(Evaluation e, TextWriter output, RepositoryPaths paths, ReportFiles files, string summaryFile, string? auditHead = null)
    {
        WriteIssues(e, output, paths);
        var markdown = files.PathOf(Reporters.Markdown);
        if (markdown is null)
        {
            MarkdownReport.WriteFile(e, summaryFile, paths);
            markdown = summaryFile;
        }
        CommandSafeWriter.Command(output, Command("task", "uploadsummary", [], markdown));
        foreach (var (name, value) in Outputs(e, files, auditHead))
        {
            CommandSafeWriter.Command(output, Command("task", "setvariable", [("variable", name), ("isoutput", "true"), ("issecret", "false")], value));
        }
    }

    /// <summary>The output variables task.json declares (names: letters and digits only).</summary>
    public static IEnumerable<(string Name, string Value)> Outputs(Evaluation e, ReportFiles files, string? auditHead = null)
    {
        yield return ("decision", ContractWords.Of(e.Decision));
        yield return ("blocking", e.Blocking.ToString(CultureInfo.InvariantCulture));
        yield return ("findings", e.Findings.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var reporter in Reporters.All) yield return (reporter.AzureOutput, files.PathOf(reporter) ?? "");
        yield return ("auditHead", auditHead ?? "");
    }
}
