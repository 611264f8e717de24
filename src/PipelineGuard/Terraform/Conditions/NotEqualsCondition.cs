using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>not_equals</c>: a selected value is set and differs from the literal.</summary>
public sealed record NotEqualsCondition(AttributePath Path, ScalarLiteral Value) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        ScalarLiteral.Parse(map, key) is { } value && path is not null ? new NotEqualsCondition(path, value) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => v.Kind != PlanValueKind.Null && !Value.Matches(v), $"is not {Value.ShownAgainst(after)}");
}
