using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace PipelineGuard.Audit;

/// <summary>One rule's record over the audited period: the evidence for flipping it from audit to enforce.</summary>
public sealed record RuleAuditSummary(
    string Rule,
    string? Enforcement,
    int Runs,
    int BlockedRuns,
    IReadOnlyDictionary<string, int> Outcomes,
    Instant? FirstSeen,
    Instant? LastSeen,
    IReadOnlyList<(string Target, int Count)> TopTargets,
    IReadOnlyList<string> Notices)
{
    public int Count(string outcome) => Outcomes.GetValueOrDefault(outcome);

    /// <summary>Runs in which the rule had inputs of its kind to judge (a plan for terraform, a migration for sql; any run for deploy kinds).</summary>
    public int JudgedRuns { get; init; }

    /// <summary>The input kind the rule judges (plan | migration), or null for rules that judge the deploy itself.</summary>
    public string? InputKind { get; init; }

    /// <summary>One sentence a team can act on.</summary>
    public string Verdict
    {
        get
        {
            if (Runs == 0) return "never applied (out of scope or not evaluated in every run): nothing to judge yet";
            var block = Count("block");
            var warn = Count("warn");
            if (block == 0 && warn == 0)
            {
                if (JudgedRuns == 0)
                {
                    // Not tripping on nothing is no evidence: a SQL rule that never saw a migration has not been tried.
                    return $"did not trip in {Runs} run{Plural(Runs)}, but judged no {InputKind ?? "input of its kind"} in any of them: not yet evidence to enforce";
                }
                return Enforcement == "block"
                    ? $"did not trip in {JudgedRuns} run{Plural(JudgedRuns)} that gave it a {InputKind ?? "deploy"} to judge: ready to enforce"
                    : $"did not trip in {Runs} run{Plural(Runs)}";
            }
            if (block > 0)
            {
                return $"would have blocked {BlockedRuns} of {Runs} run{Plural(Runs)}: review the targets (fix them, or add exceptions with a reason for false positives) before enforcing";
            }
            return $"warned {warn} time{Plural(warn)} in {Runs} run{Plural(Runs)}";
        }
    }

    private static string Plural(int n) => n == 1 ? "" : "s";
}

/// <summary>One log file read for the report, with its chain check.</summary>
public sealed record AuditLogSummary(string File, int Records, AuditVerification Chain, int Unreadable);

/// <summary>
/// <c>audit report</c>: per rule, how many times it would have blocked, warned, was waived or
/// overridden, over which period, and the targets it hit most. Markdown and JSON.
/// </summary>
public sealed record AuditReport(
    IReadOnlyList<AuditLogSummary> Logs,
    int Runs,
    Instant? From,
    Instant? To,
    IReadOnlyList<RuleAuditSummary> Rules)
{
    public const int SchemaVersion = 1;
    private const int TopTargetCount = 5;

    /// <summary>Every action-level approval the logs say was used or refused, in time order.</summary>
    public IReadOnlyList<Reporting.AuditedApproval> Approvals { get; init; } = [];

    public static readonly string[] OutcomeOrder =
        ["block", "warn", "advisory", "waived", "overridden", AuditRecord.Pass, AuditRecord.NotApplicable, AuditRecord.NotEvaluated];

    private sealed class RuleTally(string rule)
    {
        public string Rule { get; } = rule;
        public string? Enforcement { get; set; }
        public HashSet<string> Runs { get; } = new(StringComparer.Ordinal);
        public HashSet<string> BlockedRuns { get; } = new(StringComparer.Ordinal);
        public HashSet<string> JudgedRuns { get; } = new(StringComparer.Ordinal);
        public string? InputKind { get; set; }
        public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Targets { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Notices { get; } = new(StringComparer.Ordinal);
        public Instant? First { get; set; }
        public Instant? Last { get; set; }
    }

    /// <summary>Reads the logs (each verified, so a tampered log is named in the report) and tallies them.</summary>
    public static AuditReport FromFiles(IEnumerable<string> files) => FromFiles(files.Select(f => (f, f)));

    /// <summary>As <see cref="FromFiles(IEnumerable{string})"/>, with the name each log is shown under.</summary>
    public static AuditReport FromFiles(IEnumerable<(string Name, string Path)> logFiles)
    {
        var tallies = new Dictionary<string, RuleTally>(StringComparer.Ordinal);
        var logs = new List<AuditLogSummary>();
        var runs = new HashSet<string>(StringComparer.Ordinal);
        var approvals = new List<Reporting.AuditedApproval>();
        Instant? from = null, to = null;
        foreach (var (name, file) in logFiles)
        {
            var chain = AuditLog.Verify(file);
            var records = 0;
            var unreadable = 0;
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0) continue;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement;
                    var rule = root.GetProperty("rule").GetString() ?? throw new JsonException("no rule");
                    var outcome = root.GetProperty("outcome").GetString() ?? throw new JsonException("no outcome");
                    var run = root.GetProperty("run").GetString() ?? "";
                    var time = InstantPattern.ExtendedIso.Parse(root.GetProperty("time").GetString() ?? "").GetValueOrThrow();
                    records++;
                    runs.Add(run);
                    from = from is null || time < from ? time : from;
                    to = to is null || time > to ? time : to;
                    if (!tallies.TryGetValue(rule, out var tally)) tallies[rule] = tally = new RuleTally(rule);
                    if (root.TryGetProperty("enforcement", out var enf) && enf.ValueKind == JsonValueKind.String &&
                        (tally.Enforcement is null || outcome is AuditRecord.Pass or AuditRecord.NotApplicable or AuditRecord.NotEvaluated))
                    {
                        tally.Enforcement = enf.GetString();
                    }
                    tally.Outcomes[outcome] = tally.Outcomes.GetValueOrDefault(outcome) + 1;
                    if (outcome is not (AuditRecord.NotApplicable or AuditRecord.NotEvaluated))
                    {
                        tally.Runs.Add(run);
                        var check = root.TryGetProperty("check", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                        tally.InputKind = InputKindOf(check) ?? tally.InputKind;
                        if (JudgedItsInputs(check, root)) tally.JudgedRuns.Add(run);
                    }
                    if (outcome == "block") tally.BlockedRuns.Add(run);
                    tally.First = tally.First is null || time < tally.First ? time : tally.First;
                    tally.Last = tally.Last is null || time > tally.Last ? time : tally.Last;
                    if (outcome is "block" or "warn" or "advisory" or "waived" or "overridden" &&
                        root.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.Object)
                    {
                        var hit = DescribeTarget(target);
                        tally.Targets[hit] = tally.Targets.GetValueOrDefault(hit) + 1;
                    }
                    if (root.TryGetProperty("approvals", out var used) && used.ValueKind == JsonValueKind.Array)
                    {
                        approvals.AddRange(used.EnumerateArray().Select(a => Reporting.ApprovalFields.ReadApproval(a, rule)).OfType<Reporting.AuditedApproval>());
                    }
                    if (root.TryGetProperty("notices", out var notices) && notices.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var n in notices.EnumerateArray())
                        {
                            if (n.GetString() is { } text) tally.Notices.Add(text);
                        }
                    }
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or UnparsableValueException)
                {
                    unreadable++;
                }
            }
            logs.Add(new AuditLogSummary(name, records, chain, unreadable));
        }
        var rules = tallies.Values
            .OrderBy(t => t.Rule, StringComparer.Ordinal)
            .Select(t => new RuleAuditSummary(
                t.Rule,
                t.Enforcement,
                t.Runs.Count,
                t.BlockedRuns.Count,
                t.Outcomes,
                t.First,
                t.Last,
                [.. t.Targets.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(TopTargetCount).Select(x => (x.Key, x.Value))],
                [.. t.Notices.Order(StringComparer.Ordinal)])
            { JudgedRuns = t.JudgedRuns.Count, InputKind = t.InputKind })
            .ToList();
        return new AuditReport(logs, runs.Count, from, to, rules) { Approvals = [.. approvals.OrderBy(a => a.At)] };
    }

    /// <summary>The input a check kind judges: terraform plans, SQL migrations; null for kinds that judge the deploy context.</summary>
    private static string? InputKindOf(string? check) => check switch
    {
        "terraform" => "plan",
        "sql" => "migration",
        _ => null,
    };

    /// <summary>Whether the record's run gave the rule something of its kind; a record without its check kind (an older log) proves nothing.</summary>
    private static bool JudgedItsInputs(string? check, JsonElement root)
    {
        if (check is null) return false;
        if (InputKindOf(check) is not { } kind) return true;
        return root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array &&
            inputs.EnumerateArray().Any(i => i.TryGetProperty("kind", out var k) && k.GetString() == kind);
    }

    private static string DescribeTarget(JsonElement target)
    {
        if (target.TryGetProperty("address", out var a) && a.GetString() is { } address) return address;
        if (target.TryGetProperty("file", out var f) && f.GetString() is { } file)
        {
            return target.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? $"{file}:{l.GetInt32()}" : file;
        }
        return target.TryGetProperty("kind", out var k) ? k.GetString() ?? "?" : "?";
    }

    private static string Day(Instant? instant) => instant is { } i ? InstantPattern.General.Format(i) : "-";

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# PipelineGuard audit report");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Period: {Day(From)} to {Day(To)} · {Runs} run{(Runs == 1 ? "" : "s")} · {Logs.Sum(l => l.Records)} decisions in {Logs.Count} log{(Logs.Count == 1 ? "" : "s")}");
        sb.AppendLine();
        foreach (var log in Logs)
        {
            var chain = log.Chain.IsIntact
                ? "hash chain intact"
                : $"**hash chain broken at line {log.Chain.FirstBadLine}: {log.Chain.Problem}** (counts below include lines after it; treat them with care)";
            sb.AppendLine(CultureInfo.InvariantCulture, $"- `{log.File}`: {log.Records} records, {chain}{(log.Unreadable > 0 ? $", {log.Unreadable} unreadable line(s) skipped" : "")}");
        }
        sb.AppendLine();
        sb.AppendLine("| rule | enforcement | runs | would block | warned | waived | overridden | advisory | first seen | last seen | verdict |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|---|");
        foreach (var r in Rules)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Rule}` | {r.Enforcement ?? "-"} | {r.Runs} | {r.Count("block")} | {r.Count("warn")} | {r.Count("waived")} | {r.Count("overridden")} | {r.Count("advisory")} | {Day(r.FirstSeen)} | {Day(r.LastSeen)} | {r.Verdict} |");
        }
        var hit = Rules.Where(r => r.TopTargets.Count > 0).ToList();
        if (hit.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Targets hit most");
            foreach (var r in hit)
            {
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"### `{r.Rule}`");
                sb.AppendLine();
                foreach (var (target, count) in r.TopTargets) sb.AppendLine(CultureInfo.InvariantCulture, $"- `{target}`: {count}");
            }
        }
        if (Approvals.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Action-level approvals");
            sb.AppendLine();
            sb.AppendLine("| time | rule | approver | verdict | digest cited | reason | source | why |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var a in Approvals)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {a.At.UtcDateTime:yyyy-MM-dd HH:mm}Z | `{a.Rule}` | {Cell(a.Approver)} | {a.Verdict} | `{Cell(a.Cited)}` | {Cell(a.Reason)} | {a.Source} | {Cell(a.Why)} |");
            }
        }
        var notices = Rules.SelectMany(r => r.Notices).Distinct(StringComparer.Ordinal).ToList();
        if (notices.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notices (expiring and expired exceptions)");
            sb.AppendLine();
            foreach (var n in notices) sb.AppendLine(CultureInfo.InvariantCulture, $"- {n}");
        }
        return sb.ToString();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteStartObject("period");
            Time(w, "from", From);
            Time(w, "to", To);
            w.WriteEndObject();
            w.WriteNumber("runs", Runs);
            w.WriteStartArray("logs");
            foreach (var log in Logs)
            {
                w.WriteStartObject();
                w.WriteString("file", log.File);
                w.WriteNumber("records", log.Records);
                w.WriteBoolean("intact", log.Chain.IsIntact);
                if (log.Chain.FirstBadLine is { } bad) w.WriteNumber("firstBadLine", bad);
                else w.WriteNull("firstBadLine");
                if (log.Chain.Problem is { } p) w.WriteString("problem", p);
                else w.WriteNull("problem");
                w.WriteNumber("unreadable", log.Unreadable);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rules");
            foreach (var r in Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Rule);
                if (r.Enforcement is { } e) w.WriteString("enforcement", e);
                else w.WriteNull("enforcement");
                w.WriteNumber("runs", r.Runs);
                w.WriteNumber("blockedRuns", r.BlockedRuns);
                w.WriteStartObject("outcomes");
                foreach (var o in OutcomeOrder) w.WriteNumber(o, r.Count(o));
                w.WriteEndObject();
                Time(w, "firstSeen", r.FirstSeen);
                Time(w, "lastSeen", r.LastSeen);
                w.WriteStartArray("topTargets");
                foreach (var (target, count) in r.TopTargets)
                {
                    w.WriteStartObject();
                    w.WriteString("target", target);
                    w.WriteNumber("count", count);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("notices");
                foreach (var n in r.Notices) w.WriteStringValue(n);
                w.WriteEndArray();
                w.WriteString("verdict", r.Verdict);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("approvals");
            foreach (var a in Approvals) Reporting.ApprovalFields.WriteApproval(w, a, withRule: true);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static void Time(Utf8JsonWriter w, string name, Instant? value)
    {
        if (value is { } v) w.WriteString(name, InstantPattern.ExtendedIso.Format(v));
        else w.WriteNull(name);
    }
}
