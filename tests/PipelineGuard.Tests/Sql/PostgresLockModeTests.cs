using PipelineGuard.Sql;

namespace PipelineGuard.Tests.Sql;

public class PostgresLockModeTests
{
    [Theory]
    [InlineData("AccessShareLock", PostgresLockMode.AccessShare)]
    [InlineData("ShareUpdateExclusiveLock", PostgresLockMode.ShareUpdateExclusive)]
    [InlineData("AccessExclusiveLock", PostgresLockMode.AccessExclusive)]
    public void Every_table_lock_pg_locks_names_reads_as_its_mode(string pgLocks, PostgresLockMode mode) =>
        PostgresLockModes.FromPgLocks(pgLocks).ShouldBe(mode);

    [Theory]
    [InlineData("SIReadLock")]
    [InlineData("NoneLock")]
    [InlineData("1Lock")]
    [InlineData("AccessShare, ShareLock")]
    [InlineData("accessexclusivelock")]
    [InlineData("AccessExclusive")]
    public void A_name_that_is_no_table_lock_reads_as_none_not_as_a_mode(string pgLocks) =>
        PostgresLockModes.FromPgLocks(pgLocks).ShouldBeNull();

    [Fact]
    public void Policy_words_sql_names_and_pg_locks_names_go_round_for_every_mode()
    {
        foreach (var mode in Enum.GetValues<PostgresLockMode>().Where(m => m != PostgresLockMode.None))
        {
            PostgresLockModes.ByPolicyName[mode.PolicyName()].ShouldBe(mode);
            PostgresLockModes.FromPgLocks(mode + "Lock").ShouldBe(mode);
            mode.SqlName().ShouldBe(mode.PolicyName().Replace('-', ' ').ToUpperInvariant());
        }
        PostgresLockMode.None.SqlName().ShouldBe("no lock");
        PostgresLockMode.Share.BlocksWrites().ShouldBeTrue();
        PostgresLockMode.ShareUpdateExclusive.BlocksWrites().ShouldBeFalse();
        PostgresLockMode.AccessExclusive.BlocksReads().ShouldBeTrue();
        PostgresLockMode.Exclusive.BlocksReads().ShouldBeFalse();
    }
}
