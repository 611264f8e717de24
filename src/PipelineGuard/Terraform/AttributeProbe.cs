namespace PipelineGuard.Terraform;

/// <summary>
/// The attribute conditions of one terraform check, pushed down into the plan reader: while it
/// streams, the reader selects the values these conditions read and judges them, and keeps only
/// the verdict. So a plan of 100k resources is never held with its values, and values no rule
/// reads are never materialised. Judging is pure: the same conditions on the same values give
/// the same verdict.
/// </summary>
public sealed class AttributeProbe
{
    public AttributeProbe(Policy.GlobSet types, IReadOnlyList<AttributeCondition> conditions)
    {
        Types = types;
        Conditions = conditions;
        Paths = [.. conditions.SelectMany(c => c.TopLevelPaths).DistinctBy(p => p.Text)];
        NeedsBefore = conditions.Any(c => c.NeedsBefore);
    }

    public Policy.GlobSet Types { get; }
    public IReadOnlyList<AttributeCondition> Conditions { get; }
    public IReadOnlyList<AttributePath> Paths { get; }
    public bool NeedsBefore { get; }

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
        return new AttributeVerdict(this, truth, string.Join("; ", why ?? []));
    }
}

/// <summary>A probe's verdict on one resource change; <see cref="Why"/> says what held (safe to print: no sensitive value).</summary>
public sealed record AttributeVerdict(AttributeProbe? Probe, Truth Truth, string Why)
{
    public static AttributeVerdict No { get; } = new(null, Truth.False, "");
}
