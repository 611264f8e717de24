namespace PipelineGuard.Terraform;

/// <summary>
/// The attribute conditions of one terraform check. Their paths go to the plan reader as the rule's
/// <see cref="RuleProjection"/> (the one name for what is pushed down: projection), which keeps the
/// selected values per change; the check judges those values here. Judging is pure: the same conditions on the same values give the same verdict.
/// </summary>
public sealed class AttributeConditionSet
{
    public AttributeConditionSet(Policy.GlobSet types, IReadOnlyList<AttributeCondition> conditions)
    {
        Types = types;
        Conditions = conditions;
        Paths = [.. conditions.SelectMany(c => c.TopLevelPaths).DistinctBy(p => p.Text)];
        NeedsBefore = conditions.Any(c => c.NeedsBefore);
        Projection = new RuleProjection(types, Paths, NeedsBefore) { ReadPaths = [.. conditions.SelectMany(c => c.ReadPaths).DistinctBy(p => p.Text)] };
    }

    public Policy.GlobSet Types { get; }
    public IReadOnlyList<AttributeCondition> Conditions { get; }
    public IReadOnlyList<AttributePath> Paths { get; }
    public bool NeedsBefore { get; }

    /// <summary>What the plan reader must keep for these conditions.</summary>
    public RuleProjection Projection { get; }

    /// <summary>All conditions must hold: false if one is false, unknown if none is false and one is unknown.</summary>
    public AttributeVerdict Judge(AttributeValues values)
    {
        var truth = Truth.True;
        string[]? why = null;
        for (var i = 0; i < Conditions.Count; i++)
        {
            var r = Conditions[i].Evaluate(values);
            if (r.Truth == Truth.False) return AttributeVerdict.No;
            if (r.Truth == Truth.Unknown) truth = Truth.Unknown;
            why ??= new string[Conditions.Count];
            why[i] = r.Explanation;
        }
        return new AttributeVerdict(truth, string.Join("; ", why ?? []));
    }
}

/// <summary>The conditions' verdict on one resource change; <see cref="Why"/> says what held (safe to print: no sensitive value).</summary>
public sealed record AttributeVerdict(Truth Truth, string Why)
{
    public static AttributeVerdict No { get; } = new(Truth.False, "");
}
