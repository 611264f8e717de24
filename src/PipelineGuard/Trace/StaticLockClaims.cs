using PipelineGuard.Sql;

namespace PipelineGuard.Trace;

/// <summary>What the static analysis predicts a statement does to an existing table: its strongest lock and whether it rewrites.</summary>
/// <param name="Mode">The strongest lock predicted on an existing object; null when the classes predict none that matters.</param>
public readonly record struct LockClaim(PostgresLockMode? Mode, bool Rewrites)
{
    public static LockClaim None => default;

    public bool Blocks => Mode is { } m && m.BlocksWrites() || Rewrites;

    public string Describe() =>
        Mode is null && !Rewrites ? "no blocking lock"
            : (Mode is { } m ? m.SqlName() : "a lock") + (Rewrites ? " with a rewrite" : ", no rewrite");
}

/// <summary>
/// The lock each PostgreSQL statement class implies on the existing table (PostgreSQL 11+, from the ALTER TABLE,
/// CREATE INDEX and explicit-locking docs). Classes about data, privileges or transactions claim no lock.
/// The SQL analyser owns the classes; this table only reads them. StaticLockClaimsTests holds it to the claims each
/// class's examples make on a real server (<see cref="StatementClassInfo.PostgresLocks"/>).
/// </summary>
public static class StaticLockClaims
{
    public static LockClaim Of(StatementClass value) => value switch
    {
        StatementClass.DropTable or StatementClass.DropSchema or StatementClass.DropColumn or StatementClass.RenameTable
            or StatementClass.RenameColumn or StatementClass.AddNotNullColumn or StatementClass.DropNotNull or StatementClass.SetNotNull
            or StatementClass.DropIndexBlocking or StatementClass.DetachPartitionBlocking or StatementClass.AddConstraintValidating
            or StatementClass.AddUniqueConstraintBlocking or StatementClass.DropCascade => new(PostgresLockMode.AccessExclusive, false),
        // TRUNCATE gives the table new, empty storage.
        StatementClass.Truncate or StatementClass.TruncateCascade => new(PostgresLockMode.AccessExclusive, true),
        StatementClass.AlterColumnType or StatementClass.AddColumnVolatileDefault or StatementClass.TableRewrite
            or StatementClass.SetTablespace => new(PostgresLockMode.AccessExclusive, true),
        // REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on the index it rebuilds.
        StatementClass.ReindexBlocking => new(PostgresLockMode.AccessExclusive, true),
        StatementClass.CreateIndexBlocking => new(PostgresLockMode.Share, false),
        StatementClass.AddForeignKeyValidating => new(PostgresLockMode.ShareRowExclusive, false),
        StatementClass.DeleteWithoutWhere or StatementClass.UpdateWithoutWhere or StatementClass.MergeDelete => new(PostgresLockMode.RowExclusive, false),
        _ => LockClaim.None,
    };

    /// <summary>The strongest claim among a statement's classes.</summary>
    public static LockClaim Of(IEnumerable<StatementClass> classes)
    {
        PostgresLockMode? mode = null;
        var rewrites = false;
        foreach (var c in classes)
        {
            var claim = Of(c);
            if (claim.Mode is { } m && (mode is null || m > mode)) mode = m;
            rewrites |= claim.Rewrites;
        }
        return new LockClaim(mode, rewrites);
    }

    /// <summary>Compares a traced statement with its claim (see <see cref="Agreement"/>).</summary>
    public static (Agreement Agreement, string Detail) Compare(LockClaim claim, IReadOnlyList<StatementClass> classes,
        ObjectLock? strongest, IReadOnlyList<Rewrite> rewrites)
    {
        var names = classes.Count == 0 ? "no statement class" : string.Join(", ", classes.Select(StatementClasses.NameOf));
        var traceBlocks = strongest is { } s && s.Mode.BlocksWrites() || rewrites.Count > 0;
        var staticSays = $"static analysis: {names} ({claim.Describe()})";
        var traceSays = "trace: " + DescribeTrace(strongest, rewrites);
        if (!claim.Blocks && !traceBlocks) return (Agreement.Confirmed, $"confirmed non-blocking: {traceSays}");
        if (claim.Blocks && !traceBlocks) return (Agreement.StaticOnly, $"{staticSays}; {traceSays}");
        if (!claim.Blocks) return (Agreement.TraceOnly, $"{traceSays}; {staticSays}");
        var sameLock = claim.Mode == strongest?.Mode || (claim.Mode is null && strongest is null);
        var sameRewrite = claim.Rewrites == rewrites.Count > 0;
        return sameLock && sameRewrite
            ? (Agreement.Confirmed, $"confirmed: {names} takes {DescribeTrace(strongest, rewrites)}")
            : (Agreement.Mismatch, $"{staticSays}; {traceSays}");
    }

    public static string DescribeTrace(ObjectLock? strongest, IReadOnlyList<Rewrite> rewrites)
    {
        var lockText = strongest is { } s ? $"{s.Mode.SqlName()} on {s.Object}" : "no lock on an existing object";
        return rewrites.Count == 0 ? lockText + ", no rewrite" : $"{lockText}, rewrote {string.Join(", ", rewrites.Select(r => r.Object))}";
    }
}
