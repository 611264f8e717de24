using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>
/// The human report: what, where, why, how to fix or override. Colour only on a terminal and
/// never when NO_COLOR is set (https://no-color.org). Every piece of text that came from an input
/// goes through <see cref="LogText.Inline"/>: no control character or CI command marker of its own reaches the console.
/// </summary>
public sealed class ConsoleReport(TextWriter output, bool color, bool quiet, RepositoryPaths? paths = null)
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Grey = "\u001b[90m";
    private const string Green = "\u001b[32m";

    /// <summary>Colour when stdout is a terminal and NO_COLOR is unset or empty.</summary>
    public static bool ShouldColor(IReadOnlyDictionary<string, string?> environment) =>
        !Console.IsOutputRedirected &&
        string.IsNullOrEmpty(environment.GetValueOrDefault("NO_COLOR")) &&
        environment.GetValueOrDefault("TERM") is not "dumb";

    private string Paint(string text, string code) => color ? code + text + Reset : text;

    private static string S(string? text) => LogText.Inline(text);

    /// <summary>A path relative to the workspace when it lies inside it, else as given.</summary>
    private string P(string path) => S(paths?.RelativeToRoot(path) ?? path.Replace('\\', '/'));

    /// <summary>"1 rule", "2 rules".</summary>
    public static string Plural(int count, string word) =>
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + word + (count == 1 ? "" : "s");

    public void Write(Evaluation e)
    {
        var o = output;
        if (!quiet)
        {
            var files = string.Join(", ", e.Policy.Sources.Select(s => P(s.File)));
            o.WriteLine($"{Paint(ToolInfo.Name, Bold)} {ToolInfo.Version}  policy: {files} ({Plural(e.Policy.Rules.Count, "rule")})  mode: {ContractWords.Of(e.Mode)}");
            var where = string.Join("  ", new[]
            {
                e.Context.Environment is { } env ? $"environment: {S(env)}" : null,
                e.Context.Service is { } svc ? $"service: {S(svc)}" : null,
                e.Context.Actor is { } actor ? $"actor: {S(actor)}" : null,
                e.Context.Commit?.Sha is { } sha ? $"commit: {S(sha.Length > 12 ? sha[..12] : sha)}" : null,
            }.Where(x => x is not null));
            if (where.Length > 0) o.WriteLine(where);
            foreach (var input in e.Inputs.Where(i => i.Kind != "policy"))
            {
                o.WriteLine($"{Paint("input", Grey)} {input.Kind}: {P(input.Path)}");
            }
            o.WriteLine();
        }
        var shown = quiet ? e.Findings.Where(f => f.Outcome == Outcome.Block).ToList() : e.Findings.ToList();
        foreach (var f in shown) WriteFinding(f, e);
        foreach (var line in ApprovalFields.ConsoleLines(e)) o.WriteLine(line);
        if (e.ActionApprovals.Count > 0) o.WriteLine();
        if (!quiet)
        {
            foreach (var n in e.Notices)
            {
                o.WriteLine($"{Paint(n.Level == "warning" ? "NOTICE" : "note", Yellow)} {S(n.Message)}");
            }
            if (e.Notices.Count > 0) o.WriteLine();
        }
        WriteVerdict(e);
    }

    private void WriteFinding(Finding f, Evaluation e)
    {
        var (label, code) = f.Outcome switch
        {
            Outcome.Block when e.Mode == PolicyMode.Audit => ("WOULD BLOCK", Red),
            Outcome.Block => ("BLOCK", Red),
            Outcome.Warn => ("WARN", Yellow),
            Outcome.Advisory => ("ADVISORY", Cyan),
            Outcome.Waived => ("WAIVED", Grey),
            _ => ("OVERRIDDEN", Grey),
        };
        var o = output;
        o.WriteLine($"{Paint(label, Bold + code)} {Paint(S(f.RuleId), Bold)} ({ContractWords.Of(f.Severity)}){(f.Indeterminate ? " [known only after apply]" : "")}");
        o.WriteLine($"  {S(f.Message)}");
        o.WriteLine($"  {Paint("at", Grey)} {Where(f.Target)}");
        var rule = e.Policy.Rules.FirstOrDefault(r => r.Id == f.RuleId);
        if (rule is not null && rule.Description.Length > 0) o.WriteLine($"  {Paint("why", Grey)} {S(rule.Description)}");
        if (f.Outcome == Outcome.Waived && f.Waiver is { } x)
        {
            var until = x.Expires is { } d ? $" until {d:yyyy-MM-dd}" : "";
            o.WriteLine($"  {Paint("waived", Grey)} {S(x.Reason)}{until} ({S(x.Source)} {S(x.Matched)})");
        }
        else if (f.Outcome == Outcome.Overridden && f.Override is { } ov)
        {
            o.WriteLine($"  {Paint("overridden", Grey)} by {S(ov.Kind)}: {S(ov.By)}{(ov.Reason is null ? "" : $" — {S(ov.Reason)}")}");
        }
        else
        {
            if (f.Waiver is { Expired: true } ex)
            {
                o.WriteLine($"  {Paint("expired exception", Yellow)} '{S(ex.Reason)}' expired on {ex.Expires:yyyy-MM-dd} and no longer applies");
            }
            o.WriteLine($"  {Paint("fix", Grey)} {S(f.Remediation)}");
            if (f.HowToOverride is { } how) o.WriteLine($"  {Paint("override", Grey)} {S(how)}");
        }
        o.WriteLine();
    }

    private string Where(Target t)
    {
        var source = t.SourceFile is { } sf ? $" (source {P(sf)}{(t.SourceLine is { } sl ? $":{sl}" : "")})" : "";
        return t.Kind switch
        {
            TargetKinds.TerraformResource => $"{S(t.Address)} in {(t.File is { } file ? P(file) : "")}{(t.Line is { } l ? $":{l}" : "")}{source}",
            TargetKinds.Deployment => "the deployment",
            _ => (t.Address is null && t.File is { } f ? t.Describe().Replace(f, P(f), StringComparison.Ordinal) : S(t.Describe())) + source,
        };
    }

    private void WriteVerdict(Evaluation e)
    {
        var counts = $"{e.Blocking} blocking, {e.Findings.Count(f => f.Outcome == Outcome.Warn)} warning(s), " +
                     $"{e.Findings.Count(f => f.Outcome == Outcome.Advisory)} advisory, {e.Findings.Count(f => f.Outcome == Outcome.Waived)} waived, " +
                     $"{e.Findings.Count(f => f.Outcome == Outcome.Overridden)} overridden";
        var word = ContractWords.Of(e.Decision).ToUpperInvariant();
        var code = e.Decision switch { Decision.Block => Red, Decision.Warn => Yellow, _ => Green };
        if (e.Mode == PolicyMode.Audit)
        {
            var would = e.Decision == Decision.Block ? "would have blocked" : $"would have been {ContractWords.Of(e.Decision)}";
            output.WriteLine($"{Paint("Decision:", Bold)} {Paint(word, Bold + code)} (audit mode: {would}; the step is not failed) — {counts}; exit {e.ExitCode}");
        }
        else
        {
            output.WriteLine($"{Paint("Decision:", Bold)} {Paint(word, Bold + code)} — {counts}; exit {e.ExitCode}");
        }
    }
}
