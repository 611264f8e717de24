using PipelineGuard.Sql;

namespace PipelineGuard.Trace;

/// <summary>What happened to one statement when it was traced.</summary>
public enum TraceOutcome
{
    /// <summary>It ran and its locks and rewrites were read.</summary>
    Traced,

    /// <summary>PostgreSQL refused it (an error, a timeout): the migration fails here in production too.</summary>
    Failed,

    /// <summary>It was not run: an earlier statement of the file failed, so the migration tool would stop there.</summary>
    NotRun,
}

/// <summary>How the trace and the static analysis agree on a statement.</summary>
public enum Agreement
{
    /// <summary>Both say the same: the same blocking lock and rewrite, or both say it does not block.</summary>
    Confirmed,

    /// <summary>Both say it blocks, but disagree on the lock level or the rewrite.</summary>
    Mismatch,

    /// <summary>The trace saw a blocking lock or a rewrite the static analysis did not predict.</summary>
    TraceOnly,

    /// <summary>The static analysis predicted a blocking lock or a rewrite the trace did not see.</summary>
    StaticOnly,

    /// <summary>The statement was not traced (it failed or was not run), so nothing can be compared.</summary>
    NotTraced,
}

/// <summary>A lock a statement took on an object that existed before its file ran.</summary>
/// <param name="Object">schema.name.</param>
/// <param name="Kind">table | index | sequence | view | materialized-view | partitioned-table | ...</param>
public sealed record ObjectLock(string Object, string Kind, PostgresLockMode Mode);

/// <summary>A table or index whose storage (pg_class.relfilenode) the statement replaced: it was rewritten.</summary>
public sealed record Rewrite(string Object, string Kind);

/// <summary>The static analysis of the statement, and how it compares with the trace.</summary>
/// <param name="Classes">The statement classes the analyser gave it.</param>
/// <param name="Claim">The strongest lock and rewrite those classes predict on existing objects.</param>
public sealed record StaticComparison(IReadOnlyList<StatementClass> Classes, LockClaim Claim, Agreement Agreement, string Detail);

/// <summary>One statement of a new migration, as run on the throwaway server.</summary>
/// <param name="File">The migration's path as reported.</param>
/// <param name="Line">Where the statement starts (1-based).</param>
/// <param name="Locks">Locks it took on objects that existed before the file ran (pg_locks of its own backend).</param>
/// <param name="Rewrites">Tables and indexes it rewrote.</param>
/// <param name="StrongestLockHeld">How long its strongest lock on an existing object was held (until its transaction ended).</param>
/// <param name="LockTimeout">The lock_timeout in force when it ran (<c>0</c>: wait forever).</param>
/// <param name="OutsideTransaction">It ran outside a transaction block (CONCURRENTLY, VACUUM, ...): locks read by a second session.</param>
/// <param name="WhileAccessExclusive">The existing object an ACCESS EXCLUSIVE lock was held on (by an earlier statement of the transaction) while it ran, and that statement's line.</param>
/// <param name="Error">PostgreSQL's SQLSTATE and message when it failed; why it was not run otherwise.</param>
public sealed record TracedStatement(
    string File,
    int Line,
    int Column,
    string Excerpt,
    TraceOutcome Outcome,
    IReadOnlyList<ObjectLock> Locks,
    IReadOnlyList<Rewrite> Rewrites,
    TimeSpan? StrongestLockHeld,
    string LockTimeout,
    bool OutsideTransaction,
    (string Object, int Line)? WhileAccessExclusive,
    string? Error,
    StaticComparison Static)
{
    /// <summary>Where PostgreSQL put the error (its position inside the statement), when it failed.</summary>
    public int? ErrorLine { get; init; }

    public int? ErrorColumn { get; init; }

    /// <summary>A caveat on how its locks were read.</summary>
    public string? Note { get; init; }

    /// <summary>The strongest lock it took on an existing object; null when it took none.</summary>
    /// <remarks>The first of the strongest: the tracer lists a table before its indexes.</remarks>
    public ObjectLock? Strongest => Locks.Count == 0 ? null : Locks.MaxBy(l => l.Mode);

    /// <summary>It blocks writers or readers of an existing object: a SHARE or stronger lock, or a rewrite.</summary>
    public bool Blocks => Strongest is { } s && s.Mode.BlocksWrites() || Rewrites.Count > 0;

    public bool LockTimeoutUnset => LockTimeout is "0" or "0ms" or "";
}

/// <summary>A statement of an already-applied migration that failed while the base schema was rebuilt.</summary>
public sealed record AppliedFailure(string File, int Line, int Column, string Excerpt, string Error);

/// <summary>The trace of a migration set: every new statement, and how the base schema was rebuilt.</summary>
/// <param name="Server">Where it ran: <c>embedded PostgreSQL 15.18</c> or the host of --postgres (never its credentials).</param>
/// <param name="ServerMajor">The server's major version (the static analysis is judged for it).</param>
/// <param name="AppliedFiles">Migrations applied first (unchanged since --changed-since).</param>
public sealed partial record MigrationTrace(
    string Server,
    int ServerMajor,
    int AppliedFiles,
    int AppliedStatements,
    IReadOnlyList<AppliedFailure> AppliedFailures,
    IReadOnlyList<TracedStatement> Statements,
    TimeSpan Elapsed)
{
    public int TracedCount => Statements.Count(s => s.Outcome == TraceOutcome.Traced);

    public int FailedCount => Statements.Count(s => s.Outcome == TraceOutcome.Failed);

    /// <summary>How many traced statements the static analysis got right, wrong, or missed.</summary>
    public int CountOf(Agreement agreement) => Statements.Count(s => s.Static.Agreement == agreement);

    /// <summary>The trace with <paramref name="redact"/> applied to every text taken from a migration or the server (statements, errors, comparisons).</summary>
    public MigrationTrace Redacted(Func<string, string> redact) => this with
    {
        AppliedFailures = [.. AppliedFailures.Select(f => f with { Excerpt = redact(f.Excerpt), Error = redact(f.Error) })],
        Statements = [.. Statements.Select(s => s with
        {
            Excerpt = redact(s.Excerpt),
            Error = s.Error is { } e ? redact(e) : null,
            Static = s.Static with { Detail = redact(s.Static.Detail) },
        })],
    };

    /// <summary>The share of new statements that were traced, 0..1 (1 when there were none).</summary>
    public double TracedShare => Statements.Count == 0 ? 1 : (double)TracedCount / Statements.Count;

    public string Summary =>
        $"traced {TracedCount} of {Statements.Count} new statement{(Statements.Count == 1 ? "" : "s")} ({Math.Round(TracedShare * 100):0}%) on {Server}" +
        $" after applying {AppliedFiles} migration{(AppliedFiles == 1 ? "" : "s")}" +
        (Statements.Count(s => s.Outcome == TraceOutcome.Failed) is var failed and > 0 ? $"; {failed} failed" : "") +
        (AppliedFailures.Count > 0 ? $"; {AppliedFailures.Count} applied statement{(AppliedFailures.Count == 1 ? "" : "s")} failed" : "");
}
