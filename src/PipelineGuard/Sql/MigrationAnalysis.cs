namespace PipelineGuard.Sql;

/// <summary>How a file is analysed: its dialect, the PostgreSQL version lock behaviour depends on, and whether the migration tool wraps it in a transaction.</summary>
public readonly record struct SqlAnalysisSettings(SqlDialect Dialect, int PostgresVersion = 15, bool AssumeInTransaction = false);

/// <summary>Which part of a file a statement is in: dbmate's <c>-- migrate:down</c> section is a rollback.</summary>
public enum MigrationSection { Up, Down }

/// <summary>One class a statement falls into, with a sentence saying what it does here.</summary>
public sealed record StatementFinding(StatementClass Class, string Message);

/// <summary>An inline <c>-- pipeline-guard: allow ...</c> comment that applies to a statement.</summary>
/// <param name="Reason">Null when the comment gives no reason (it then suppresses nothing and is a finding itself).</param>
public sealed record InlineAllow(IReadOnlyList<string> ClassNames, string? Reason, int Line, int Column);

/// <summary>A statement with its position, a short excerpt and the classes it falls into.</summary>
public sealed record AnalysedStatement(
    int Line,
    int Column,
    string Excerpt,
    MigrationSection Section,
    IReadOnlyList<StatementFinding> Findings,
    IReadOnlyList<InlineAllow> Allows);

/// <summary>Where a file misses a required setting (lock or statement timeout, a transaction): the first statement that needed it.</summary>
public sealed record RequirementGap(int Line, int Column, string Excerpt);

/// <summary>Everything the analyser found in one file.</summary>
public sealed record FileAnalysis(
    IReadOnlyList<AnalysedStatement> Statements,
    RequirementGap? MissingLockTimeout,
    RequirementGap? MissingStatementTimeout,
    RequirementGap? MissingTransaction,
    IReadOnlyList<AllowProblem> AllowProblems)
{
    public int StatementCount => Statements.Count;
}

/// <summary>An inline allow comment that is itself wrong: no reason, or a class name that does not exist.</summary>
public sealed record AllowProblem(InlineAllow Allow, string Problem);
