namespace PipelineGuard.Terraform;

/// <summary>A condition made of parts, judged on the same values; it reads what its parts read.</summary>
public abstract record CombinedCondition(IReadOnlyList<AttributeCondition> Parts) : AttributeCondition
{
    public override IEnumerable<AttributePath> TopLevelPaths => Parts.SelectMany(p => p.TopLevelPaths);

    public override IEnumerable<AttributePath> ReadPaths => Parts.SelectMany(p => p.ReadPaths);

    public override bool NeedsBefore => Parts.Any(p => p.NeedsBefore);

    public override ConditionResult Evaluate(AttributeValues values) => Combine([.. Parts.Select(p => p.Evaluate(values))]);

    public override ConditionResult EvaluateWithin(PlanValue element) => Combine([.. Parts.Select(p => p.EvaluateWithin(element))]);

    protected abstract ConditionResult Combine(IReadOnlyList<ConditionResult> results);
}

/// <summary><c>any_of</c>: holds when one part holds; unknown when none holds and one is unknown.</summary>
public sealed record AnyOfCondition(IReadOnlyList<AttributeCondition> Parts) : CombinedCondition(Parts)
{
    protected override ConditionResult Combine(IReadOnlyList<ConditionResult> results)
    {
        var hit = results.FirstOrDefault(r => r.Truth == Truth.True);
        if (hit.Truth == Truth.True) return hit;
        var unknown = results.FirstOrDefault(r => r.Truth == Truth.Unknown);
        return unknown.Truth == Truth.Unknown ? unknown : ConditionResult.No;
    }
}

/// <summary><c>all_of</c>: holds when every part holds; unknown when none fails and one is unknown.</summary>
public sealed record AllOfCondition(IReadOnlyList<AttributeCondition> Parts) : CombinedCondition(Parts)
{
    protected override ConditionResult Combine(IReadOnlyList<ConditionResult> results)
    {
        if (results.Any(r => r.Truth == Truth.False)) return ConditionResult.No;
        var text = string.Join("; ", results.Select(r => r.Explanation));
        return new ConditionResult(results.Any(r => r.Truth == Truth.Unknown) ? Truth.Unknown : Truth.True, text);
    }
}
