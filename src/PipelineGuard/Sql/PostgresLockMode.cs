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

/// <summary>Names of lock modes as pg_locks, the SQL docs and policies spell them, and what each blocks.</summary>
public static class PostgresLockModes
{
    private static readonly (PostgresLockMode Mode, string PgLocks, string Sql, string Policy)[] s_names =
    [
        (PostgresLockMode.AccessShare, "AccessShareLock", "ACCESS SHARE", "access-share"),
        (PostgresLockMode.RowShare, "RowShareLock", "ROW SHARE", "row-share"),
        (PostgresLockMode.RowExclusive, "RowExclusiveLock", "ROW EXCLUSIVE", "row-exclusive"),
        (PostgresLockMode.ShareUpdateExclusive, "ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE", "share-update-exclusive"),
        (PostgresLockMode.Share, "ShareLock", "SHARE", "share"),
        (PostgresLockMode.ShareRowExclusive, "ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE", "share-row-exclusive"),
        (PostgresLockMode.Exclusive, "ExclusiveLock", "EXCLUSIVE", "exclusive"),
        (PostgresLockMode.AccessExclusive, "AccessExclusiveLock", "ACCESS EXCLUSIVE", "access-exclusive"),
    ];

    /// <summary>The policy words (<c>access-exclusive</c>, ...) to modes.</summary>
    public static IReadOnlyDictionary<string, PostgresLockMode> ByPolicyName { get; } =
        s_names.ToDictionary(n => n.Policy, n => n.Mode, StringComparer.Ordinal);

    /// <summary>pg_locks.mode (<c>AccessExclusiveLock</c>) to the mode; null for a name PostgreSQL does not use for table locks (SIReadLock).</summary>
    public static PostgresLockMode? FromPgLocks(string mode)
    {
        foreach (var n in s_names)
        {
            if (n.PgLocks == mode) return n.Mode;
        }
        return null;
    }

    /// <summary>The SQL spelling (<c>ACCESS EXCLUSIVE</c>), as LOCK TABLE and the docs write it.</summary>
    public static string SqlName(this PostgresLockMode mode) => mode == PostgresLockMode.None ? "no lock" : s_names[(int)mode - 1].Sql;

    /// <summary>The policy word (<c>access-exclusive</c>); "none" for no lock.</summary>
    public static string PolicyName(this PostgresLockMode mode) => mode == PostgresLockMode.None ? "none" : s_names[(int)mode - 1].Policy;

    /// <summary>SHARE and stronger conflict with ROW EXCLUSIVE: the table's writers wait (ACCESS EXCLUSIVE also stops readers).</summary>
    public static bool BlocksWrites(this PostgresLockMode mode) => mode >= PostgresLockMode.Share;

    public static bool BlocksReads(this PostgresLockMode mode) => mode == PostgresLockMode.AccessExclusive;
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
