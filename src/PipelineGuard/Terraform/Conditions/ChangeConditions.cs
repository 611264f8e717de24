using System.Diagnostics;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>A condition comparing before with after; only at the top level (the parser refuses it inside <c>where</c>).</summary>
public abstract record ChangeCondition(AttributePath Path, ScalarLiteral Value) : AttributeCondition
{
    public override IEnumerable<AttributePath> TopLevelPaths => [Path];

    public override bool NeedsBefore => true;

    public override ConditionResult Evaluate(AttributeValues values) =>
        values.TryGet(Path.Text, out var selected) ? Compare(selected) : ConditionResult.No;

    public override ConditionResult EvaluateWithin(PlanValue element) =>
        throw new UnreachableException($"'{GetType().Name}' inside 'where' is refused when the policy loads");

    protected abstract ConditionResult Compare(SelectedValues s);

    protected static string Describe(IReadOnlyList<PlanValue> values) =>
        values.Count == 0 ? "(not set)" : string.Join(", ", values.Take(3).Select(v => v.Display));
}

/// <summary><c>changed_from</c>: the value was the literal before and is something else after (unknown while after is known only after apply).</summary>
public sealed record ChangedFromCondition(AttributePath Path, ScalarLiteral Value) : ChangeCondition(Path, Value)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        ScalarLiteral.Parse(map, key) is { } value && path is not null ? new ChangedFromCondition(path, value) : null;

    protected override ConditionResult Compare(SelectedValues s)
    {
        if (!s.BeforeExists || !s.Before.Any(Value.Matches)) return ConditionResult.No;
        if (!s.AfterExists) return ConditionResult.No;
        if (s.After.Any(v => v.IsUnknown)) return new ConditionResult(Truth.Unknown, $"{Path.Text} is known only after apply");
        return s.After.Any(Value.Matches)
            ? ConditionResult.No
            : new ConditionResult(Truth.True, $"{Path.Text} changes from {Value.ShownAgainst(s.Before)} to {Describe(s.After)}");
    }
}

/// <summary><c>changed_to</c>: the value becomes the literal (a new resource counts as a change from nothing).</summary>
public sealed record ChangedToCondition(AttributePath Path, ScalarLiteral Value) : ChangeCondition(Path, Value)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        ScalarLiteral.Parse(map, key) is { } value && path is not null ? new ChangedToCondition(path, value) : null;

    protected override ConditionResult Compare(SelectedValues s)
    {
        if (!s.AfterExists) return ConditionResult.No;
        if (s.Before.Any(Value.Matches)) return ConditionResult.No;
        var sawUnknown = false;
        foreach (var v in s.After)
        {
            if (v.IsUnknown)
            {
                sawUnknown = true;
                continue;
            }
            if (!Value.Matches(v)) continue;
            var from = s.BeforeExists ? Describe(s.Before) : "(new resource)";
            return new ConditionResult(Truth.True, $"{Path.Text} changes from {from} to {Value.ShownAgainst(s.After)}");
        }
        return sawUnknown ? new ConditionResult(Truth.Unknown, $"{Path.Text} is known only after apply") : ConditionResult.No;
    }
}
