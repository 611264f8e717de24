using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

/// <summary>Each operator loads into its own record with its value parsed, so a wrong value is a policy error at load, never at evaluation.</summary>
public class AttributeConditionTests
{
    private static AttributeCondition Condition(string item) =>
        ((TerraformCheck)Build.Policy($"version: 1\nrules:\n  - id: r\n    terraform:\n      attributes:\n        - {item}\n").Rules.Single().Check).Attributes.Single();

    private static IReadOnlyList<string> Errors(string item) =>
        [.. Build.PolicyErrors($"version: 1\nrules:\n  - id: r\n    terraform:\n      attributes:\n        - {item}\n").Select(e => e.Message)];

    [Fact]
    public void Each_operator_loads_into_its_own_record_with_its_value_parsed()
    {
        Condition("{ path: a, equals: '1.0' }").ShouldBeOfType<EqualsCondition>().Value.Number.ShouldBe(1.0m);
        Condition("{ path: a, at_most: 1e3 }").ShouldBeOfType<AtMostCondition>().Bound.ShouldBe(new NumberBound(1000m, "1e3"));
        Condition("{ path: a, covers_port: [22, 3389] }").ShouldBeOfType<CoversPortCondition>().Ports.ShouldBe([22, 3389]);
        Condition("{ path: a, in: [x, 'y'] }").ShouldBeOfType<InCondition>().Values.Select(v => v.Text).ShouldBe(["x", "y"]);
        Condition("{ path: a, matches: '^prod-' }").ShouldBeOfType<MatchesCondition>().Pattern.ToString().ShouldBe("^prod-");
        Condition("{ path: a, changed_from: true }").ShouldBeOfType<ChangedFromCondition>().NeedsBefore.ShouldBeTrue();
        Condition("{ any_of: [ { path: a, exists: true }, { path: b, absent: true } ] }")
            .ShouldBeOfType<AnyOfCondition>().Parts.Select(p => p.GetType()).ShouldBe([typeof(ExistsCondition), typeof(AbsentCondition)]);
    }

    [Fact]
    public void Exists_false_is_absent_and_absent_false_is_exists()
    {
        Condition("{ path: a, exists: false }").ShouldBeOfType<AbsentCondition>();
        Condition("{ path: a, absent: false }").ShouldBeOfType<ExistsCondition>();
    }

    [Fact]
    public void A_number_bound_that_is_no_number_is_a_policy_error_at_load()
    {
        Errors("{ path: a, at_least: ten }").ShouldContain(m => m.EndsWith("'at_least' needs a number, not 'ten'", StringComparison.Ordinal));
    }

    [Fact]
    public void Before_and_after_comparisons_are_refused_inside_where()
    {
        Errors("{ path: a.*, where: [ { path: b, changed_to: x } ] }").ShouldContain(m => m.EndsWith("'changed_to' compares before and after and cannot be used inside 'where'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_numeric_literal_equals_a_plan_number_of_the_same_value_but_not_a_string_of_it()
    {
        var literal = ScalarLiteral.Of("1.0");
        literal.Matches(new PlanValue(PlanValueKind.Number, "1", false)).ShouldBeTrue();
        literal.Matches(new PlanValue(PlanValueKind.String, "1", false)).ShouldBeFalse();
        ScalarLiteral.Of("null").Matches(new PlanValue(PlanValueKind.Null, null, false)).ShouldBeTrue();
    }
}
