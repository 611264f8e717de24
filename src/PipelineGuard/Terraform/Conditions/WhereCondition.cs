namespace PipelineGuard.Terraform;

/// <summary><c>where</c>: some element the path selects satisfies every nested condition (so port and CIDR are judged on the same ingress block).</summary>
public sealed record WhereCondition(AttributePath Path, IReadOnlyList<AttributeCondition> Inner) : AttributeCondition
{
    public override IEnumerable<AttributePath> TopLevelPaths => [Path];

    public override IEnumerable<AttributePath> ReadPaths =>
        Inner.SelectMany(c => c.ReadPaths).Select(p => AttributePath.Parse(Path.Text + "." + p.Text));

    public override ConditionResult Evaluate(AttributeValues values)
    {
        if (!values.TryGet(Path.Text, out var selected) || !(selected.AfterExists || selected.After.Count > 0))
        {
            return ConditionResult.No;
        }
        return Over(selected.After);
    }

    public override ConditionResult EvaluateWithin(PlanValue element) => Over(Path.Select(element));

    private ConditionResult Over(IReadOnlyList<PlanValue> elements)
    {
        var sawUnknown = false;
        var index = 0;
        foreach (var element in elements)
        {
            if (element.IsUnknown)
            {
                sawUnknown = true;
                index++;
                continue;
            }
            var all = Truth.True;
            var why = new List<string>();
            foreach (var c in Inner)
            {
                var r = c.EvaluateWithin(element);
                if (r.Truth == Truth.False)
                {
                    all = Truth.False;
                    break;
                }
                if (r.Truth == Truth.Unknown) all = Truth.Unknown;
                why.Add(r.Explanation);
            }
            if (all == Truth.True) return new ConditionResult(Truth.True, $"{Path.Text} item {index}: {string.Join("; ", why)}");
            if (all == Truth.Unknown) sawUnknown = true;
            index++;
        }
        return sawUnknown ? new ConditionResult(Truth.Unknown, $"{Path.Text} is known only after apply") : ConditionResult.No;
    }
}
