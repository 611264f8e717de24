using PipelineGuard.Sql;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

/// <summary>The documentation's examples are tests: each bad example is flagged as its class, each good example is not.</summary>
public sealed class StatementClassExampleTests
{
    public static TheoryData<string> ClassNames() => [.. StatementClasses.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void The_bad_example_of_a_class_is_flagged_as_that_class(string name)
    {
        StatementClasses.TryGet(name, out var info).ShouldBeTrue();
        Classes(info.BadExample, info.ExampleDialect).ShouldContain(info.Class);
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void The_good_example_of_a_class_is_not_flagged_as_that_class(string name)
    {
        StatementClasses.TryGet(name, out var info).ShouldBeTrue();
        Classes(info.GoodExample, info.ExampleDialect).ShouldNotContain(info.Class);
    }

    [Fact]
    public void Every_class_of_the_contract_is_documented_once_with_all_its_parts()
    {
        StatementClasses.All.Select(c => c.Class).ShouldBe(Enum.GetValues<StatementClass>(), ignoreOrder: true);
        StatementClasses.All.Select(c => c.Name).Distinct().Count().ShouldBe(StatementClasses.All.Count);
        foreach (var c in StatementClasses.All)
        {
            new[] { c.Summary, c.Risk, c.SafeAlternative, c.BadExample, c.GoodExample }.ShouldAllBe(t => t.Length > 5);
        }
    }

    [Fact]
    public void Explain_prints_the_documentation_of_a_statement_class()
    {
        var text = StatementClassDocs.Render("add-foreign-key-validating");
        text.ShouldNotBeNull();
        text.ShouldContain("NOT VALID");
        text.ShouldContain("Flagged (postgres):");
        text.ShouldContain("Not flagged:");
        text.ShouldContain("-- pipeline-guard: allow add-foreign-key-validating -- <reason>");
        StatementClassDocs.Render("no-such-class").ShouldBeNull();
    }
}
