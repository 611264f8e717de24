using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>equals</c>: a selected scalar equals the literal (numbers by value).</summary>
public sealed record EqualsCondition(AttributePath Path, ScalarLiteral Value) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        ScalarLiteral.Parse(map, key) is { } value && path is not null ? new EqualsCondition(path, value) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, Value.Matches, $"equals {Value.ShownAgainst(after)}");
}
