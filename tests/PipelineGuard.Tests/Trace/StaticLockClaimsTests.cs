using PipelineGuard.Sql;
using PipelineGuard.Trace;

namespace PipelineGuard.Tests.Trace;

/// <summary>
/// The trace compares what it sees with StaticLockClaims; each statement class's examples say what they do on a
/// real server (StatementClassInfo.PostgresLocks, checked against PostgreSQL by PostgresLockClaimTests). The two
/// must tell the same story, or the trace reports disagreements the analyser does not have.
/// </summary>
public class StaticLockClaimsTests
{
    /// <summary>Where the table and the examples measure different things, on purpose.</summary>
    private static readonly Dictionary<StatementClass, string> s_differ = new()
    {
        // The examples measure the table (SHARE); the trace's strongest lock is the rebuilt index's ACCESS EXCLUSIVE.
        [StatementClass.ReindexBlocking] = "the index, not the table",
        // Refused inside a transaction block, where migration tools run it: there it takes no lock at all.
        [StatementClass.ConcurrentInTransaction] = "refused in a transaction",
    };

    public static TheoryData<string> ClassesWithServerClaims() =>
        [.. StatementClasses.All.Where(i => i.PostgresLocks is { Count: > 0 } && !s_differ.ContainsKey(i.Class)).Select(i => i.Name)];

    [Theory]
    [MemberData(nameof(ClassesWithServerClaims))]
    public void The_lock_the_trace_expects_of_a_class_is_the_one_its_examples_take_on_a_real_server(string name)
    {
        var info = StatementClasses.All.Single(i => i.Name == name);
        var verified = info.PostgresLocks!.MaxBy(c => c.FromVersion)!.Bad;
        // Claims below ROW EXCLUSIVE (ACCESS SHARE of a COPY) and failed examples are "no lock that matters".
        var expected = verified.FailsWith is null && (verified.Lock >= PostgresLockMode.RowExclusive || verified.Rewrites)
            ? new LockClaim(verified.Lock == PostgresLockMode.None ? null : verified.Lock, verified.Rewrites)
            : LockClaim.None;

        StaticLockClaims.Of(info.Class).ShouldBe(expected, $"{name}: the examples on a server show {verified}");
    }

    [Fact]
    public void The_listed_differences_are_still_differences()
    {
        foreach (var (value, why) in s_differ)
        {
            var verified = StatementClasses.All.Single(i => i.Class == value).PostgresLocks!.MaxBy(c => c.FromVersion)!.Bad;
            StaticLockClaims.Of(value).Mode.ShouldNotBe(verified.Lock == PostgresLockMode.None ? null : verified.Lock, why);
        }
    }
}
