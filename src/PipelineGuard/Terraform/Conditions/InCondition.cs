using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>in</c>: a selected scalar equals one of the listed literals.</summary>
public sealed record InCondition(AttributePath Path, IReadOnlyList<ScalarLiteral> Values) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path)
    {
        var values = map.StringList(key);
        if (values.Count == 0)
        {
            map.Error(key, "'in' needs a list of values");
            return null;
        }
        return path is null ? null : new InCondition(path, [.. values.Select(ScalarLiteral.Of)]);
    }

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => Values.Any(x => x.Matches(v)), $"is one of {string.Join(", ", Values.Select(x => x.ShownAgainst(after)))}");
}
