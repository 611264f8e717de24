using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>cidrs_cover</c>: the selected CIDRs together cover the range (a list split into /1 halves opens the internet as /0 does).</summary>
public sealed record CidrsCoverCondition(AttributePath Path, string Range) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path)
    {
        var cidr = map.String(key);
        if (cidr is null) return null;
        if (!CidrSet.IsCidr(cidr))
        {
            map.Error(key, $"'{key}' needs a CIDR such as 0.0.0.0/0 or ::/0, not '{cidr}'");
            return null;
        }
        return path is null ? null : new CidrsCoverCondition(path, cidr);
    }

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after)
    {
        var set = new CidrSet();
        var found = new List<string>();
        var sawUnknown = false;
        foreach (var v in after)
        {
            if (v.IsUnknown) sawUnknown = true;
            else if (v.Kind == PlanValueKind.String && set.Add(v.RawText ?? "")) found.Add(v.Display);
        }
        if (set.Covers(Range)) return new ConditionResult(Truth.True, $"{Path.Text} together cover {Range} (found {string.Join(", ", found.Take(4))})");
        return sawUnknown ? KnownOnlyAfterApply : ConditionResult.No;
    }
}
