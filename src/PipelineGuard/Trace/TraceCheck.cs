using System.Globalization;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Sql;

namespace PipelineGuard.Trace;

/// <summary>The options of one <c>trace</c> rule, as parsed from the policy.</summary>
/// <param name="ForbidLocks">Lock modes no statement may take on an object that existed before its migration.</param>
/// <param name="MaxLockHold">The longest a SHARE-or-stronger lock on an existing object may be held.</param>
/// <param name="Report">Disagreements with the static analysis that are findings themselves.</param>
public sealed record TraceCheckOptions(
    GlobSet Paths,
    bool RequireTrace,
    IReadOnlySet<PostgresLockMode> ForbidLocks,
    TimeSpan? MaxLockHold,
    bool ForbidRewrites,
    bool ForbidWhileAccessExclusive,
    bool RequireLockTimeout,
    IReadOnlySet<Agreement> Report);

/// <summary>
/// The <c>trace</c> check kind: judges what the new migrations really did on a throwaway PostgreSQL (see
/// <see cref="MigrationTracer"/>): the locks taken on existing tables, how long they were held, rewrites, statements
/// run under an ACCESS EXCLUSIVE lock, the lock_timeout in force, and where the trace disagrees with the static
/// analysis. A policy with a <c>trace</c> rule makes <c>check</c> run the trace. A statement that could not be traced
/// is always a finding: what was not run cannot be shown safe.
/// </summary>
public sealed class TraceCheck(TraceCheckOptions options) : ICheck
{
    private static readonly Dictionary<string, Agreement> s_reportable = new(StringComparer.Ordinal)
    {
        ["mismatch"] = Agreement.Mismatch,
        ["trace-only"] = Agreement.TraceOnly,
        ["static-only"] = Agreement.StaticOnly,
    };

    private static readonly string[] s_keys =
        ["paths", "require_trace", "forbid_locks", "max_lock_hold_ms", "forbid_rewrites", "forbid_while_access_exclusive", "require_lock_timeout", "report"];

    public static CheckKindInfo Info { get; } = new(
        Name: "trace",
        Summary: "Runs the new migrations on a throwaway PostgreSQL and judges the locks they really take on existing tables, how long they hold them, rewrites, and where the trace and the static analysis disagree.",
        Rationale: "Static analysis predicts a statement's lock from its text; the database knows. A function call, a trigger or a "
            + "type change that rewrites only shows up when the statement runs. The trace runs each statement on a database built from the "
            + "migrations already applied, reads pg_locks and pg_class.relfilenode, and fails closed: a statement that could not be run is a finding.",
        Remediation: "Rewrite the statement so it takes a weaker lock (CONCURRENTLY, NOT VALID then VALIDATE, a nullable column then a backfill), "
            + "set lock_timeout before it, move it out of a transaction that already holds ACCESS EXCLUSIVE, or fix the statement that failed. "
            + "`pipeline-guard trace --migrations <dir>` prints the full trace.",
        Keys:
        [
            ("paths", "globs over migration paths; default every migration"),
            ("require_trace", "true: the migrations must have been traced and every new statement must have run (failed or unrun statements are findings in every trace rule anyway)"),
            ("forbid_locks", "lock modes a statement may not take on an object that existed before its migration: " + string.Join(", ", PostgresLockModes.ByPolicyName.Keys)),
            ("max_lock_hold_ms", "the longest (milliseconds) a SHARE-or-stronger lock on an existing object may be held, until its transaction ends"),
            ("forbid_rewrites", "true: a statement that rewrites an existing table or index (a new relfilenode) is a finding"),
            ("forbid_while_access_exclusive", "true: a statement run while its transaction holds ACCESS EXCLUSIVE on an existing table is a finding"),
            ("require_lock_timeout", "true: a SHARE-or-stronger lock on an existing object taken with lock_timeout 0 (wait forever) is a finding"),
            ("report", "disagreements with the static analysis that are findings: mismatch, trace-only, static-only"),
        ],
        Example: """
            - id: traced-migration-locks
              description: New migrations never take ACCESS EXCLUSIVE on an existing table, and hold blocking locks briefly.
              severity: high
              enforcement: block
              trace:
                paths: ["db/migrations/**"]
                forbid_locks: [access-exclusive]
                max_lock_hold_ms: 2000
                require_lock_timeout: true
                report: [trace-only]
            """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public TraceCheckOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    private static TraceCheck Parse(YamlMap map, PolicyParseContext context)
    {
        var paths = map.Globs("paths");
        var require = map.Bool("require_trace") ?? false;
        var forbid = new HashSet<PostgresLockMode>();
        foreach (var (name, node) in map.StringListWithNodes("forbid_locks"))
        {
            if (PostgresLockModes.ByPolicyName.TryGetValue(name, out var mode)) forbid.Add(mode);
            else context.Error(node, $"{map.What}: unknown lock mode '{name}' in 'forbid_locks'; modes are {string.Join(", ", PostgresLockModes.ByPolicyName.Keys)}");
        }
        var hold = map.Integer("max_lock_hold_ms", 0, 86_400_000) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var rewrites = map.Bool("forbid_rewrites") ?? false;
        var whileExclusive = map.Bool("forbid_while_access_exclusive") ?? false;
        var lockTimeout = map.Bool("require_lock_timeout") ?? false;
        var report = new HashSet<Agreement>();
        foreach (var (name, node) in map.StringListWithNodes("report"))
        {
            if (s_reportable.TryGetValue(name, out var a)) report.Add(a);
            else context.Error(node, $"{map.What}: unknown disagreement '{name}' in 'report'; they are {string.Join(", ", s_reportable.Keys)}");
        }
        map.RejectUnknownKeys(s_keys);
        if (!require && forbid.Count == 0 && hold is null && !rewrites && !whileExclusive && !lockTimeout && report.Count == 0 && !map.Has("forbid_locks") && !map.Has("report"))
        {
            context.Error(map.Position, $"{map.What}: the rule checks nothing: give 'require_trace', 'forbid_locks', 'max_lock_hold_ms', 'forbid_rewrites', 'forbid_while_access_exclusive', 'require_lock_timeout' or 'report'");
        }
        return new TraceCheck(new TraceCheckOptions(paths, require, forbid, hold, rewrites, whileExclusive, lockTimeout, report));
    }

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var changed = facts.Migrations.Files.Where(f => f.IsChange && Options.Paths.IsMatch(f.Path)).ToList();
        if (facts.Trace is not { } trace)
        {
            if (changed.Count == 0) yield break;
            // Fail closed: a trace rule with migrations to judge and no trace is never a pass.
            yield return new Violation($"{changed.Count} new migration{(changed.Count == 1 ? " was" : "s were")} not traced: the trace rule cannot tell which locks they take",
                new Target(TargetKinds.File, File: changed[0].Path), "trace:missing", Indeterminate: !Options.RequireTrace)
            {
                Remediation = "Run check with --migrations (the trace starts an embedded PostgreSQL, or give --postgres <url>).",
            };
            yield break;
        }

        foreach (var failure in trace.AppliedFailures.Where(f => Options.Paths.IsMatch(f.File)))
        {
            yield return new Violation($"{failure.Excerpt}: this already-applied migration failed while the base schema was rebuilt on {trace.Server} ({failure.Error}); the statements traced after it ran against an incomplete schema",
                new Target(TargetKinds.File, File: failure.File, Line: failure.Line, Column: failure.Column), $"trace:applied-failed:{failure.File}:{failure.Excerpt}", Indeterminate: true);
        }

        foreach (var s in trace.Statements)
        {
            if (!Options.Paths.IsMatch(s.File)) continue;
            var at = new Target(TargetKinds.File, File: s.File, Line: s.Line, Column: s.Column);
            if (s.Outcome == TraceOutcome.Failed)
            {
                yield return new Violation($"{s.Excerpt}: failed on {trace.Server}: {s.Error}",
                    at with { Line = s.ErrorLine ?? s.Line, Column = s.ErrorColumn ?? s.Column }, $"trace:failed:{s.File}:{s.Excerpt}", Indeterminate: true)
                {
                    Remediation = "Fix the statement so it runs on an empty copy of the schema; the migration would fail at this point in production too.",
                };
                continue;
            }
            if (s.Outcome == TraceOutcome.NotRun)
            {
                yield return new Violation($"{s.Excerpt}: {s.Error}", at, $"trace:not-run:{s.File}:{s.Excerpt}", Indeterminate: true);
                continue;
            }
            foreach (var v in Judge(s, at)) yield return v;
        }
    }

    private IEnumerable<Violation> Judge(TracedStatement s, Target at)
    {
        var key = $"{s.File}:{s.Excerpt}";
        foreach (var l in s.Locks.Where(l => Options.ForbidLocks.Contains(l.Mode)))
        {
            yield return new Violation($"{s.Excerpt}: takes {l.Mode.SqlName()} on {l.Object}, which existed before this migration ({Blocking(l.Mode)}); {s.Static.Detail}",
                at, $"trace:lock:{l.Mode.PolicyName()}:{l.Object}:{key}");
        }
        if (Options.MaxLockHold is { } cap && s.StrongestLockHeld is { } held && s.Strongest is { } strongest && strongest.Mode.BlocksWrites() && held > cap)
        {
            yield return new Violation($"{s.Excerpt}: held {strongest.Mode.SqlName()} on {strongest.Object} for {Ms(held)} ms, more than the {Ms(cap)} ms allowed",
                at, $"trace:hold:{key}");
        }
        if (Options.ForbidRewrites && s.Rewrites.Count > 0)
        {
            yield return new Violation($"{s.Excerpt}: rewrote {string.Join(", ", s.Rewrites.Select(r => $"{r.Kind} {r.Object}"))} (new storage, relfilenode changed): the copy is made under an exclusive lock",
                at, $"trace:rewrite:{key}");
        }
        if (Options.ForbidWhileAccessExclusive && s.WhileAccessExclusive is { } ae)
        {
            yield return new Violation($"{s.Excerpt}: ran while the transaction held ACCESS EXCLUSIVE on {ae.Object} (taken on line {ae.Line}): every query on {ae.Object} waits for this statement too",
                at, $"trace:while-access-exclusive:{key}");
        }
        if (Options.RequireLockTimeout && s.LockTimeoutUnset && s.Strongest is { } locked && locked.Mode.BlocksWrites())
        {
            yield return new Violation($"{s.Excerpt}: took {locked.Mode.SqlName()} on {locked.Object} with lock_timeout {s.LockTimeout}: queued behind a long query it would wait forever, and every query on the table would queue behind it",
                at, $"trace:lock-timeout:{key}")
            {
                Remediation = "SET lock_timeout = '5s' before the statement (and retry the migration when it times out).",
            };
        }
        if (Options.Report.Contains(s.Static.Agreement))
        {
            yield return new Violation($"{s.Excerpt}: {AgreementName(s.Static.Agreement)}: {s.Static.Detail}", at, $"trace:{AgreementName(s.Static.Agreement)}:{key}");
        }
    }

    public static string AgreementName(Agreement agreement) => agreement switch
    {
        Agreement.Confirmed => "confirmed",
        Agreement.Mismatch => "mismatch",
        Agreement.TraceOnly => "trace-only",
        Agreement.StaticOnly => "static-only",
        _ => "not-traced",
    };

    private static string Blocking(PostgresLockMode mode) =>
        mode.BlocksReads() ? "reads and writes wait" : mode.BlocksWrites() ? "writes wait" : "it blocks schema changes only";

    private static string Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
