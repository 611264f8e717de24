using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

/// <summary>
/// Shipped statement class names are frozen (src/PipelineGuard/Sql/StatementClasses.Shipped.md, like Roslyn's
/// AnalyzerReleases.Shipped.md), and a class split from another is covered by the other's name in forbid lists and
/// allow comments, so splitting never weakens a policy.
/// </summary>
public sealed class StatementClassReleaseTests
{
    private static (List<string> Shipped, List<string> Unshipped) ReleaseFile()
    {
        var shipped = new List<string>();
        var unshipped = new List<string>();
        List<string>? current = null;
        foreach (var line in File.ReadAllLines(RepoPaths.InRepo("src", "PipelineGuard", "Sql", "StatementClasses.Shipped.md")))
        {
            if (line.StartsWith("## Release ", StringComparison.Ordinal)) current = shipped;
            else if (line == "## Unshipped") current = unshipped;
            else if (line.StartsWith("- ", StringComparison.Ordinal) && current is not null) current.Add(line[2..].Trim());
        }
        return (shipped, unshipped);
    }

    [Fact]
    public void Every_shipped_class_name_still_exists()
    {
        var (shipped, _) = ReleaseFile();
        shipped.Count.ShouldBeGreaterThanOrEqualTo(33);
        shipped.Where(n => !StatementClasses.TryGet(n, out _)).ShouldBeEmpty("a shipped statement class was removed or renamed; split it with Parent instead");
    }

    [Fact]
    public void Every_class_is_listed_once_as_shipped_or_unshipped()
    {
        var (shipped, unshipped) = ReleaseFile();
        var listed = shipped.Concat(unshipped).ToList();
        listed.Distinct(StringComparer.Ordinal).Count().ShouldBe(listed.Count);
        StatementClasses.All.Select(c => c.Name).Where(n => !listed.Contains(n, StringComparer.Ordinal))
            .ShouldBeEmpty("add new statement classes under '## Unshipped' in StatementClasses.Shipped.md");
    }

    [Fact]
    public void A_split_class_has_a_parent_that_exists_and_no_cycle()
    {
        foreach (var c in StatementClasses.All)
        {
            var seen = new HashSet<StatementClass>();
            for (StatementClass? p = c.Class; p is { } current; p = StatementClasses.Get(current).Parent) seen.Add(current).ShouldBeTrue($"{c.Name} is its own ancestor");
        }
        StatementClasses.Get(StatementClass.SetTablespace).Parent.ShouldBe(StatementClass.TableRewrite);
        StatementClasses.Covers(StatementClass.TableRewrite, StatementClass.SetTablespace).ShouldBeTrue();
        StatementClasses.Covers(StatementClass.SetTablespace, StatementClass.TableRewrite).ShouldBeFalse();
    }

    [Fact]
    public void SET_TABLESPACE_is_its_own_class_and_forbidding_table_rewrite_still_blocks_it()
    {
        Classes("ALTER TABLE orders SET TABLESPACE fast_ssd;").ShouldBe([StatementClass.SetTablespace]);
        const string rule = "  - id: rewrites\n    sql:\n      forbid: [table-rewrite]\n";
        var finding = Evaluate(rule, Facts(Migration("db/V2__move.sql", "ALTER TABLE orders SET TABLESPACE fast_ssd;"))).Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Message.ShouldContain("[set-tablespace]");
        Evaluate("  - id: moves\n    sql:\n      forbid: [set-tablespace]\n", Facts(Migration("db/V2__full.sql", "VACUUM FULL orders;"))).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void An_allow_comment_naming_the_parent_class_waives_the_split_class()
    {
        const string rule = "  - id: rewrites\n    sql:\n      forbid: [table-rewrite]\n";
        var sql = "-- pipeline-guard: allow table-rewrite -- moved during the maintenance window\nALTER TABLE orders SET TABLESPACE fast_ssd;";
        var finding = Evaluate(rule, Facts(Migration("db/V3__move.sql", sql))).Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Waived);
        var child = "-- pipeline-guard: allow set-tablespace -- moved during the maintenance window\nVACUUM FULL orders;";
        Evaluate(rule, Facts(Migration("db/V4__full.sql", child))).Findings.ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void TRUNCATE_CASCADE_is_its_own_class_covered_by_truncate()
    {
        Classes("TRUNCATE audit_log CASCADE;").ShouldBe([StatementClass.TruncateCascade]);
        Classes("TRUNCATE audit_log;").ShouldBe([StatementClass.Truncate]);
        const string rule = "  - id: data-loss\n    sql:\n      forbid: [truncate]\n";
        Evaluate(rule, Facts(Migration("db/V5__wipe.sql", "TRUNCATE audit_log CASCADE;"))).Findings.ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void ALTER_DOMAIN_ADD_CONSTRAINT_validates_every_column_of_the_domain_unless_NOT_VALID()
    {
        Classes("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);").ShouldBe([StatementClass.AddConstraintValidating]);
        Classes("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID;").ShouldBeEmpty();
        Classes("ALTER DOMAIN positive VALIDATE CONSTRAINT positive_check;").ShouldBeEmpty();
    }
}
