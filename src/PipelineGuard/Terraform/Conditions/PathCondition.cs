using System.Globalization;
using PipelineGuard.Policy;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Terraform;

/// <summary>A policy literal compared with plan scalars: its text as written and, when it reads as a number, that number (so 1.0 equals 1).</summary>
public readonly record struct ScalarLiteral(string Text, decimal? Number)
{
    public static ScalarLiteral Of(string text) =>
        new(text, decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null);

    /// <summary>Whether a plan scalar equals this literal: same text, a number of the same value, or null for <c>null</c>/<c>~</c>.</summary>
    public bool Matches(PlanValue value)
    {
        if (value.Kind is PlanValueKind.List or PlanValueKind.Map or PlanValueKind.Unknown) return false;
        if (value.Kind == PlanValueKind.Null) return Text is "null" or "~";
        var text = value.RawText ?? "";
        if (string.Equals(text, Text, StringComparison.Ordinal)) return true;
        return value.Kind == PlanValueKind.Number && Number is { } expected &&
               decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var actual) && actual == expected;
    }

    /// <summary>The literal as it reads in YAML: booleans bare (deletion_protection equals false), text in quotes.</summary>
    public string Written => Text is "true" or "false" ? Text : $"\"{Text}\"";

    /// <summary>The literal, or a stand-in when a value compared with it is sensitive: printing the literal a sensitive value equals would print the secret.</summary>
    public string ShownAgainst(IEnumerable<PlanValue> compared) => compared.Any(v => v.Sensitive) ? "(a sensitive value)" : Written;

    /// <summary>The operator's single value (a string, number or boolean), or null after reporting why not.</summary>
    internal static ScalarLiteral? Parse(YamlMap map, string key)
    {
        if (map.Raw(key) is YamlScalarNode scalar) return Of(scalar.Value ?? "");
        map.Error(key, $"'{key}' needs a single value (a string, number or boolean)");
        return null;
    }
}

/// <summary>
/// A condition on the values one path selects, judged on the after-state (a destroyed object has none to judge)
/// or inside an element an enclosing <c>where</c> selected.
/// </summary>
public abstract record PathCondition(AttributePath Path) : AttributeCondition
{
    public override IEnumerable<AttributePath> TopLevelPaths => [Path];

    public override ConditionResult Evaluate(AttributeValues values)
    {
        if (!values.TryGet(Path.Text, out var selected)) return ConditionResult.No;
        return selected.AfterExists || selected.After.Count > 0 ? Test(selected.After) : ConditionResult.No;
    }

    public override ConditionResult EvaluateWithin(PlanValue element) => Test(Path.Select(element));

    /// <summary>Judges the values the path selected after the change.</summary>
    protected abstract ConditionResult Test(IReadOnlyList<PlanValue> after);

    /// <summary>Any-semantics over selected values: true if one holds, unknown if none holds but one is unknown.</summary>
    protected ConditionResult AnyOf(IReadOnlyList<PlanValue> values, Func<PlanValue, bool> test, string what)
    {
        var sawUnknown = false;
        foreach (var v in values)
        {
            if (v.IsUnknown)
            {
                sawUnknown = true;
                continue;
            }
            if (test(v)) return new ConditionResult(Truth.True, $"{Path.Text} {what} (found {v.Display})");
        }
        return sawUnknown ? KnownOnlyAfterApply : ConditionResult.No;
    }

    protected ConditionResult KnownOnlyAfterApply => new(Truth.Unknown, $"{Path.Text} is known only after apply");
}
