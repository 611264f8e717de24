using System.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Reporting;

/// <summary>
/// The step summary (<c>--markdown</c>, GitHub's GITHUB_STEP_SUMMARY, Azure's uploadsummary): the verdict,
/// then one table per input with blocked inputs first, each followed by how to override its blocks.
/// </summary>
public static class MarkdownReport
{
    /// <summary>GitHub rejects a step summary over 1 MiB; stay below it with room for the closing lines.</summary>
    public const int GitHubSummaryLimitBytes = 1024 * 1024;

    private const int ClosingRoomBytes = 4 * 1024;

    public static void WriteFile(Evaluation evaluation, string path, RepositoryPaths? paths = null) =>
        File.WriteAllText(path, Render(evaluation, paths), new UTF8Encoding(false));

    /// <param name="paths">Shows file paths relative to the repository root when given.</param>
    /// <param name="note">A paragraph placed under the verdict (for example why some annotations are only here).</param>
    /// <param name="maxBytes">The summary is cut to this size in UTF-8, saying how many findings were left out.</param>
    public static string Render(Evaluation e, RepositoryPaths? paths = null, string? note = null, int maxBytes = GitHubSummaryLimitBytes)
    {
        var sb = new StringBuilder();
        var verdict = e.Decision switch
        {
            Decision.Block => e.Mode == PolicyMode.Audit ? "would block (audit mode: the step is not failed)" : "blocked",
            Decision.Warn => "passed with warnings",
            _ => "passed",
        };
        sb.Append("## PipelineGuard: ").AppendLine(verdict);
        sb.AppendLine();
        sb.Append("**Decision: ").Append(ContractWords.Of(e.Decision).ToUpperInvariant()).Append("** — ")
            .Append(Count(e, Outcome.Block, "blocking")).Append(", ")
            .Append(Count(e, Outcome.Warn, "warning(s)")).Append(", ")
            .Append(Count(e, Outcome.Advisory, "advisory")).Append(", ")
            .Append(Count(e, Outcome.Waived, "waived")).Append(", ")
            .Append(Count(e, Outcome.Overridden, "overridden"))
            .Append(" · mode ").Append(ContractWords.Of(e.Mode));
        if (e.Context.Environment is { } env) sb.Append(" · environment ").Append(Code(env));
        if (e.Context.Service is { } service) sb.Append(" · service ").Append(Code(service));
        sb.Append(" · policy ").Append(string.Join(", ", e.Policy.Sources.Select(s => Code(Display(s.File, paths)))))
            .Append(" (").Append(ConsoleReport.Plural(e.Policy.Rules.Count, "rule")).AppendLine(")");
        sb.AppendLine();
        if (note is not null)
        {
            sb.AppendLine(note);
            sb.AppendLine();
        }
        if (e.Findings.Count == 0)
        {
            sb.AppendLine("No rule found anything to report.");
            sb.AppendLine();
        }

        var budget = Math.Max(0, maxBytes - ClosingRoomBytes);
        var used = Encoding.UTF8.GetByteCount(sb.ToString());
        var left = 0;
        foreach (var group in Groups(e))
        {
            var section = new StringBuilder();
            section.Append("### ").AppendLine(group.Title);
            section.AppendLine();
            section.AppendLine("| outcome | rule | severity | finding | where |");
            section.AppendLine("|---|---|---|---|---|");
            var sectionBytes = Encoding.UTF8.GetByteCount(section.ToString());
            var shown = 0;
            foreach (var f in group.Findings)
            {
                var row = Row(f, paths, e.Mode);
                var rowBytes = Encoding.UTF8.GetByteCount(row);
                if (used + sectionBytes + rowBytes > budget) break;
                section.Append(row);
                sectionBytes += rowBytes;
                shown++;
            }
            left += group.Findings.Count - shown;
            if (shown == 0) continue;
            section.AppendLine();
            var overrides = OverrideLines(group.Findings.Take(shown), e).ToList();
            foreach (var how in overrides) section.AppendLine(how);
            if (overrides.Count > 0) section.AppendLine();
            used += Encoding.UTF8.GetByteCount(section.ToString());
            sb.Append(section);
        }
        if (left > 0)
        {
            sb.Append("**").Append(left).AppendLine(" more finding(s) are not shown: the summary is limited in size. The JSON and SARIF reports list every finding.**");
            sb.AppendLine();
        }
        var notEvaluated = e.Rules.Where(r => r.Status != RuleStatus.Evaluated).ToList();
        if (notEvaluated.Count > 0)
        {
            sb.Append("<details><summary>Rules not evaluated for this deploy (").Append(notEvaluated.Count).AppendLine(")</summary>");
            sb.AppendLine();
            foreach (var r in notEvaluated) sb.Append("- ").Append(Code(r.Rule.Id)).Append(": ").AppendLine(Code(r.Reason ?? "out of scope"));
            sb.AppendLine();
            sb.AppendLine("</details>");
            sb.AppendLine();
        }
        if (e.Notices.Count > 0)
        {
            sb.AppendLine("**Notices**");
            sb.AppendLine();
            foreach (var n in e.Notices) sb.Append("- ").AppendLine(Code(n.Message));
            sb.AppendLine();
        }
        sb.Append("<sub>").Append(ToolInfo.Name).Append(' ').Append(ToolInfo.Version).Append(" · `pipeline-guard explain <rule-id>` says what a rule checks and why")
            .Append(e.Context.RunUrl is { } run ? $" · run {Code(run)}" : "").AppendLine("</sub>");
        return sb.ToString();
    }

    private sealed record Group(string Title, IReadOnlyList<Finding> Findings);

    /// <summary>One group per input (plan file, migration file, the deployment), those with blocks first.</summary>
    private static IEnumerable<Group> Groups(Evaluation e) =>
        e.Findings
            .GroupBy(f => f.Target.File is { } file ? (f.Target.Kind is TargetKinds.TerraformResource or TargetKinds.TerraformPlan ? "plan" : "file", file) : ("deployment", ""))
            .Select(g => new Group(
                g.Key.Item1 switch
                {
                    "plan" => $"Terraform plan {Code(g.Key.Item2)}",
                    "file" => $"File {Code(g.Key.Item2)}",
                    _ => "Deployment",
                },
                g.OrderBy(f => f.Outcome).ThenByDescending(f => f.Severity).ToList()))
            .OrderBy(g => g.Findings.Min(f => f.Outcome))
            .ThenBy(g => g.Title, StringComparer.Ordinal);

    private static string Row(Finding f, RepositoryPaths? paths, PolicyMode mode)
    {
        var outcome = f.Outcome switch
        {
            Outcome.Block when mode == PolicyMode.Audit => "**WOULD BLOCK**",
            Outcome.Block => "**BLOCK**",
            Outcome.Warn => "WARN",
            Outcome.Advisory => "advisory",
            Outcome.Waived => "waived",
            _ => "overridden",
        };
        var what = f.Message + (f.Indeterminate ? " (known only after apply)" : "");
        if (f.Outcome == Outcome.Waived && f.Waiver is { } x) what += $" — waived: {x.Reason}{(x.Expires is { } d ? $" (until {d:yyyy-MM-dd})" : "")}";
        else if (f.Outcome == Outcome.Overridden && f.Override is { } o) what += $" — overridden by {o.Kind}: {o.By}{(o.Reason is null ? "" : $" ({o.Reason})")}";
        else if (f.Waiver is { Expired: true } ex) what += $" — the exception '{ex.Reason}' expired on {ex.Expires:yyyy-MM-dd}";
        return $"| {outcome} | {Cell(f.RuleId)} | {ContractWords.Of(f.Severity)} | {Cell(what)} | {Cell(Where(f, paths))} |\n";
    }

    private static string Where(Finding f, RepositoryPaths? paths)
    {
        var t = f.Target;
        var parts = new List<string>();
        if (t.Address is { } address) parts.Add(address);
        if (t.SourceFile is { } source) parts.Add(Display(source, paths) + (t.SourceLine is { } sl ? $":{sl}" : ""));
        else if (t.Kind == TargetKinds.File && t.File is { } file) parts.Add(Display(file, paths) + (t.Line is { } l ? $":{l}" : "") + (t.Column is { } c ? $":{c}" : ""));
        else if (t.Line is { } planLine && t.File is { } planFile) parts.Add(Display(planFile, paths) + $":{planLine}");
        return parts.Count == 0 ? "the deployment" : string.Join(" — ", parts);
    }

    /// <summary>For each rule that blocks here: the line that says how to lift the block for one run.</summary>
    private static IEnumerable<string> OverrideLines(IEnumerable<Finding> findings, Evaluation e)
    {
        foreach (var ruleId in findings.Where(f => f.Outcome == Outcome.Block).Select(f => f.RuleId).Distinct())
        {
            var how = e.Findings.First(f => f.RuleId == ruleId).HowToOverride;
            yield return how is null
                ? $"- {Code(ruleId)} has no override: fix the change, or add an exception with a reason and an expiry date to the policy."
                : $"- {Code(ruleId)}: {Code(how)}";
        }
    }

    private static string Count(Evaluation e, Outcome outcome, string word) =>
        $"{e.Findings.Count(f => f.Outcome == outcome)} {word}";

    private static string Display(string path, RepositoryPaths? paths) =>
        paths?.RelativeToRoot(path) ?? path.Replace('\\', '/');

    /// <summary>Input text in a table cell: a code span with <c>|</c> escaped (GFM splits the row at a bare pipe, even inside a code span).</summary>
    public static string Cell(string text) => CodeSpan(text, inTable: true);

    /// <summary>Input text outside a table: a code span (a <c>\|</c> there would show its backslash).</summary>
    public static string Code(string text) => CodeSpan(text, inTable: false);

    /// <summary>
    /// A code span, in which Markdown and HTML are shown, not rendered: no image, link, mention or tag from an
    /// input. The fence is one backtick longer than the longest run inside; newlines and control characters are shown as escapes.
    /// </summary>
    public static string CodeSpan(string text, bool inTable)
    {
        var inline = LogText.Inline(text);
        if (inline.Length == 0) return "";
        var longest = 0;
        var run = 0;
        foreach (var c in inline)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = inline[0] is '`' or ' ' || inline[^1] is '`' or ' ' ? " " : "";
        var body = inTable ? inline.Replace("|", "\\|", StringComparison.Ordinal) : inline;
        return fence + pad + body + pad + fence;
    }
}
