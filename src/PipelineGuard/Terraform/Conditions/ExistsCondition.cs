using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>exists: true</c> (or <c>absent: false</c>): a selected value is set.</summary>
public sealed record ExistsCondition(AttributePath Path) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) => Presence(map, key, path, exists: true);

    /// <summary><c>exists</c> and <c>absent</c> take a boolean; <c>false</c> asks for the other one.</summary>
    internal static AttributeCondition? Presence(YamlMap map, string key, AttributePath? path, bool exists)
    {
        if (map.Bool(key) is not { } flag || path is null) return null;
        return flag == exists ? new ExistsCondition(path) : new AbsentCondition(path);
    }

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => v.Kind != PlanValueKind.Null, "is set");
}
