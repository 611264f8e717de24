using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>contains</c>: a selected string holds the text, a list holds the item, or a map has the key.</summary>
public sealed record ContainsCondition(AttributePath Path, ScalarLiteral Value) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        ScalarLiteral.Parse(map, key) is { } value && path is not null ? new ContainsCondition(path, value) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => v.Kind switch
        {
            PlanValueKind.String => (v.RawText ?? "").Contains(Value.Text, StringComparison.Ordinal),
            PlanValueKind.List => v.Items.Any(Value.Matches),
            PlanValueKind.Map => v.Properties.ContainsKey(Value.Text),
            _ => false,
        }, $"contains {Value.ShownAgainst(after)}");
}
