using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>Three-valued truth: a value known only after apply is neither a match nor a non-match.</summary>
public enum Truth { False, True, Unknown }

/// <summary>The result of one condition: its truth and, when it held, what made it hold (safe to print).</summary>
public readonly record struct ConditionResult(Truth Truth, string Explanation)
{
    public static ConditionResult No { get; } = new(Truth.False, "");
}

/// <summary>Parses an operator's value into its condition, reporting errors at their position; null when the item is wrong.</summary>
/// <param name="path">The condition's path, or null when it did not parse (the value is still checked so every error is reported).</param>
public delegate AttributeCondition? AttributeOperatorParser(YamlMap map, string key, AttributePath? path);

/// <summary>
/// A condition over a planned resource's values, one record per operator with its value parsed at load
/// (Terraform/Conditions/). Leaves compare the values selected by a path; <c>where</c> applies nested
/// conditions to each selected element (so port and CIDR are judged on the same ingress block);
/// <c>any_of</c> and <c>all_of</c> combine.
/// </summary>
public abstract record AttributeCondition
{
    /// <summary>The paths the plan reader must extract for this condition (top-level only).</summary>
    public abstract IEnumerable<AttributePath> TopLevelPaths { get; }

    /// <summary>The full paths of every value the condition reads (a <c>where</c> adds its nested paths below its own), so the reader materialises no more.</summary>
    public virtual IEnumerable<AttributePath> ReadPaths => TopLevelPaths;

    /// <summary>Whether the values before the change are read (changed_from / changed_to).</summary>
    public virtual bool NeedsBefore => false;

    /// <summary>Evaluates on a resource change's selected values (top level: before and after are available).</summary>
    public abstract ConditionResult Evaluate(AttributeValues values);

    /// <summary>Evaluates inside one element selected by an enclosing <c>where</c>.</summary>
    public abstract ConditionResult EvaluateWithin(PlanValue element);

    /// <summary>The leaf operators, in the order the policy reference and errors list them; one line per operator.</summary>
    private static readonly (string Key, AttributeOperatorParser Parse)[] s_operators =
    [
        ("equals", EqualsCondition.Parse),
        ("not_equals", NotEqualsCondition.Parse),
        ("contains", ContainsCondition.Parse),
        ("matches", MatchesCondition.Parse),
        ("exists", ExistsCondition.Parse),
        ("absent", AbsentCondition.Parse),
        ("changed_from", ChangedFromCondition.Parse),
        ("changed_to", ChangedToCondition.Parse),
        ("in", InCondition.Parse),
        ("at_least", AtLeastCondition.Parse),
        ("at_most", AtMostCondition.Parse),
        ("covers_port", CoversPortCondition.Parse),
        ("cidrs_cover", CidrsCoverCondition.Parse),
    ];

    public static IReadOnlyList<string> Operators { get; } = [.. s_operators.Select(o => o.Key)];

    /// <summary>Parses one item of <c>attributes</c> (or of a nested list), reporting errors at their position.</summary>
    public static AttributeCondition? Parse(YamlMap map, bool nested)
    {
        if (map.Has("any_of") || map.Has("all_of"))
        {
            var key = map.Has("any_of") ? "any_of" : "all_of";
            var parts = map.MapList(key).Select(m => Parse(m, nested)).ToList();
            map.RejectUnknownKeys([key]);
            if (parts.Count == 0) map.Error(key, $"'{key}' needs at least one condition");
            if (parts.Any(p => p is null)) return null;
            return key == "any_of" ? new AnyOfCondition([.. parts!]) : new AllOfCondition([.. parts!]);
        }
        var pathText = map.String("path", required: true);
        AttributePath? path = null;
        if (pathText is not null)
        {
            path = AttributePath.TryParse(pathText, out var pathError);
            if (path is null) map.Error("path", pathError!);
        }
        if (map.Has("where"))
        {
            var inner = map.MapList("where").Select(m => Parse(m, nested: true)).ToList();
            map.RejectUnknownKeys(["path", "where"]);
            if (inner.Count == 0) map.Error("where", "'where' needs at least one condition");
            if (path is null || inner.Any(p => p is null)) return null;
            return new WhereCondition(path, [.. inner!]);
        }
        var ops = s_operators.Where(o => map.Has(o.Key)).ToList();
        if (ops.Count != 1)
        {
            map.Error("path", ops.Count == 0
                ? $"an attribute condition needs one operator: {string.Join(", ", Operators)} (or 'where', 'any_of', 'all_of')"
                : $"an attribute condition takes one operator, not {string.Join(" and ", ops.Select(o => o.Key))}");
            map.RejectUnknownKeys(["path", .. Operators]);
            return null;
        }
        var (op, parse) = ops[0];
        var comparesBeforeAndAfter = op is "changed_from" or "changed_to";
        if (nested && comparesBeforeAndAfter)
        {
            map.Error(op, $"'{op}' compares before and after and cannot be used inside 'where'");
        }
        var condition = parse(map, op, path);
        map.RejectUnknownKeys(["path", op]);
        return nested && comparesBeforeAndAfter ? null : condition;
    }
}
