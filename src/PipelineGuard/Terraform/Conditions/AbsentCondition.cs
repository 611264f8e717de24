using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>absent: true</c> (or <c>exists: false</c>): every selected value is null or missing; unknown while one is known only after apply.</summary>
public sealed record AbsentCondition(AttributePath Path) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) => ExistsCondition.Presence(map, key, path, exists: false);

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after)
    {
        if (after.Any(v => v.IsUnknown)) return KnownOnlyAfterApply;
        return after.All(v => v.Kind == PlanValueKind.Null)
            ? new ConditionResult(Truth.True, $"{Path.Text} is not set")
            : ConditionResult.No;
    }
}
