namespace PipelineGuard.Trace;

/// <summary>PostgreSQL's table-level lock modes, weakest first (the order of the conflict table in the docs).</summary>
public enum LockMode
{
    AccessShare = 1,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

/// <summary>Names of lock modes as pg_locks, the docs and policies spell them.</summary>
public static class LockModes
{
    private static readonly (LockMode Mode, string PgLocks, string Sql, string Policy)[] s_names =
    [
        (LockMode.AccessShare, "AccessShareLock", "ACCESS SHARE", "access-share"),
        (LockMode.RowShare, "RowShareLock", "ROW SHARE", "row-share"),
        (LockMode.RowExclusive, "RowExclusiveLock", "ROW EXCLUSIVE", "row-exclusive"),
        (LockMode.ShareUpdateExclusive, "ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE", "share-update-exclusive"),
        (LockMode.Share, "ShareLock", "SHARE", "share"),
        (LockMode.ShareRowExclusive, "ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE", "share-row-exclusive"),
        (LockMode.Exclusive, "ExclusiveLock", "EXCLUSIVE", "exclusive"),
        (LockMode.AccessExclusive, "AccessExclusiveLock", "ACCESS EXCLUSIVE", "access-exclusive"),
    ];

    /// <summary>The policy words (<c>access-exclusive</c>, ...) to modes.</summary>
    public static IReadOnlyDictionary<string, LockMode> ByPolicyName { get; } =
        s_names.ToDictionary(n => n.Policy, n => n.Mode, StringComparer.Ordinal);

    /// <summary>The mode of a pg_locks.mode value; null for modes that are not table-level (SIReadLock).</summary>
    public static LockMode? FromPgLocks(string mode)
    {
        foreach (var n in s_names)
        {
            if (n.PgLocks == mode) return n.Mode;
        }
        return null;
    }

    /// <summary>As the SQL docs write it: <c>ACCESS EXCLUSIVE</c>.</summary>
    public static string SqlName(this LockMode mode) => s_names[(int)mode - 1].Sql;

    public static string PolicyName(this LockMode mode) => s_names[(int)mode - 1].Policy;

    /// <summary>SHARE and stronger conflict with ROW EXCLUSIVE: the table's writers wait (ACCESS EXCLUSIVE also stops readers).</summary>
    public static bool BlocksWrites(this LockMode mode) => mode >= LockMode.Share;

    public static bool BlocksReads(this LockMode mode) => mode == LockMode.AccessExclusive;
}
