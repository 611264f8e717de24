namespace PipelineGuard.Sql;

/// <summary>
/// PostgreSQL's table lock modes, weakest to strongest (the order of the conflict table in the "Explicit Locking"
/// chapter), and None. <see cref="PostgresLockModes.FromPgLocks"/> reads pg_locks.mode.
/// </summary>
public enum PostgresLockMode
{
    None,
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

public static class PostgresLockModes
{
    /// <summary>pg_locks.mode (<c>AccessExclusiveLock</c>) to the mode; null for a name PostgreSQL does not use for table locks.</summary>
    public static PostgresLockMode? FromPgLocks(string mode) =>
        mode.EndsWith("Lock", StringComparison.Ordinal) && Enum.TryParse<PostgresLockMode>(mode[..^4], ignoreCase: false, out var m) && m != PostgresLockMode.None
            ? m
            : null;

    /// <summary>The SQL spelling (<c>ACCESS EXCLUSIVE</c>), as LOCK TABLE and the docs write it.</summary>
    public static string SqlName(this PostgresLockMode mode) => mode switch
    {
        PostgresLockMode.None => "no lock",
        PostgresLockMode.AccessShare => "ACCESS SHARE",
        PostgresLockMode.RowShare => "ROW SHARE",
        PostgresLockMode.RowExclusive => "ROW EXCLUSIVE",
        PostgresLockMode.ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
        PostgresLockMode.Share => "SHARE",
        PostgresLockMode.ShareRowExclusive => "SHARE ROW EXCLUSIVE",
        PostgresLockMode.Exclusive => "EXCLUSIVE",
        _ => "ACCESS EXCLUSIVE",
    };
}

/// <summary>
/// What one example does to the existing table on PostgreSQL: the strongest lock it holds on it (in any one of its
/// transactions), whether it rewrites it (a new relfilenode), and whether PostgreSQL refuses it inside a transaction
/// block (then the lock is the one it asks for when run on its own) or fails with a SQLSTATE for another reason.
/// </summary>
public sealed record PostgresExampleClaim(PostgresLockMode Lock, bool Rewrites = false, bool RefusedInTransaction = false, string? FailsWith = null)
{
    public override string ToString() =>
        (FailsWith is { } code ? $"fails with SQLSTATE {code}" : $"{Lock.SqlName()}{(Rewrites ? ", rewrites the table" : "")}") +
        (RefusedInTransaction ? " (refused inside a transaction block)" : "");
}

/// <summary>
/// A statement class's claim about the existing table its examples name, from server version <see cref="FromVersion"/>
/// (server_version_num; 0 for every version) until the next claim's. <see cref="Setup"/> creates what the examples need.
/// </summary>
public sealed record PostgresLockClaim(string Table, string Setup, PostgresExampleClaim Bad, PostgresExampleClaim Good, int FromVersion = 0)
{
    /// <summary>Why the examples are not run on a server, when they are not (they would run a shell command there).</summary>
    public string? NotRun { get; init; }
}
