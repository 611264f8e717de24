namespace PipelineGuard.Sql;

/// <summary>Whether a script moves the schema forward, undoes a change, or is re-applied when it changes (Flyway R__).</summary>
public enum MigrationDirection { Forward, Rollback, Repeatable }

/// <summary>What git says about a migration relative to the <c>--changed-since</c> base; <see cref="NotCompared"/> without it.</summary>
public enum MigrationGitStatus { NotCompared, Unchanged, Added, Modified }

/// <summary>One migration script as read by the collector: its text and what its name and place say about it.</summary>
/// <param name="Path">The path reported to users (relative to the working directory, forward slashes).</param>
/// <param name="Content">The decoded text.</param>
/// <param name="Format">flyway | golang-migrate | goose | dbmate | liquibase | plain.</param>
/// <param name="Version">The version from the name (<c>V2_1__x.sql</c> → 2.1), or null (repeatable or unversioned).</param>
/// <param name="Variant">What tells same-version files apart on purpose (kratos' <c>x.mysql.up.sql</c> vs <c>x.postgres.up.sql</c>).</param>
/// <param name="RunsOutsideTransaction">The tool runs it without a transaction (dbmate <c>transaction:false</c>, <c>.autocommit.</c> files, Liquibase <c>runInTransaction:false</c>).</param>
public sealed record MigrationFile(
    string Path,
    string Content,
    string Format,
    MigrationDirection Direction,
    string? Version,
    string Variant,
    bool RunsOutsideTransaction,
    MigrationGitStatus GitStatus,
    string Sha256)
{
    /// <summary>The folder part of <see cref="Path"/>: versions are compared within one folder.</summary>
    public string Folder => Path.LastIndexOf('/') is var i and >= 0 ? Path[..i] : "";

    /// <summary>Checked as a change: everything without <c>--changed-since</c>, else only what was added or modified.</summary>
    public bool IsChange => GitStatus is MigrationGitStatus.NotCompared or MigrationGitStatus.Added or MigrationGitStatus.Modified;
}

/// <summary>A problem of the set rather than of one statement: duplicate versions, gaps, out-of-order additions, deleted applied migrations.</summary>
/// <param name="Kind">duplicate-version | version-gap | out-of-order | deleted-applied | duplicate-changeset.</param>
public sealed record MigrationSetIssue(string Kind, string File, int? Line, string Message);
