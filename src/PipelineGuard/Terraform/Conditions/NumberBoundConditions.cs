using System.Globalization;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>at_least</c>: a selected number (or numeric string) is at least the bound.</summary>
public sealed record AtLeastCondition(AttributePath Path, NumberBound Bound) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        NumberBound.Parse(map, key) is { } bound && path is not null ? new AtLeastCondition(path, bound) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => NumberBound.Read(v) is { } n && n >= Bound.Value, $"is at least {Bound.Written}");
}

/// <summary><c>at_most</c>: a selected number (or numeric string) is at most the bound.</summary>
public sealed record AtMostCondition(AttributePath Path, NumberBound Bound) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        NumberBound.Parse(map, key) is { } bound && path is not null ? new AtMostCondition(path, bound) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after) =>
        AnyOf(after, v => NumberBound.Read(v) is { } n && n <= Bound.Value, $"is at most {Bound.Written}");
}

/// <summary>A bound parsed at load, with the text the policy wrote (messages quote it as written).</summary>
public readonly record struct NumberBound(decimal Value, string Written)
{
    internal static NumberBound? Parse(YamlMap map, string key)
    {
        var raw = map.String(key);
        if (raw is null) return null;
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return new NumberBound(value, raw);
        map.Error(key, $"'{key}' needs a number, not '{raw}'");
        return null;
    }

    /// <summary>A plan value as a number: a number, or a string that reads as one; otherwise null.</summary>
    internal static decimal? Read(PlanValue v) =>
        v.Kind is PlanValueKind.Number or PlanValueKind.String &&
        decimal.TryParse(v.RawText, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
