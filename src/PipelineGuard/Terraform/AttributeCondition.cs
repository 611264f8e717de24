using System.Globalization;
using System.Text.RegularExpressions;
using PipelineGuard.Policy;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Terraform;

/// <summary>Three-valued truth: a value known only after apply is neither a match nor a non-match.</summary>
public enum Truth { False, True, Unknown }

/// <summary>The result of one condition: its truth and, when it held, what made it hold (safe to print).</summary>
public readonly record struct ConditionResult(Truth Truth, string Explanation)
{
    public static ConditionResult No { get; } = new(Truth.False, "");
}

/// <summary>
/// A condition over a planned resource's values. Leaves compare the values selected by a path;
/// <c>where</c> applies nested conditions to each selected element (so port and CIDR are judged
/// on the same ingress block); <c>any_of</c> and <c>all_of</c> combine.
/// </summary>
public abstract class AttributeCondition
{
    /// <summary>The paths the plan reader must extract for this condition (top-level only).</summary>
    public abstract IEnumerable<AttributePath> TopLevelPaths { get; }

    /// <summary>The full paths of every value the condition reads (a <c>where</c> adds its nested paths below its own), so the reader materialises no more.</summary>
    public virtual IEnumerable<AttributePath> ReadPaths => TopLevelPaths;

    /// <summary>Evaluates on a resource change's selected values (top level: before and after are available).</summary>
    public abstract ConditionResult Evaluate(AttributeValues values);

    /// <summary>Whether the values before the change are read (changed_from / changed_to).</summary>
    public abstract bool NeedsBefore { get; }

    /// <summary>Evaluates inside one element selected by an enclosing <c>where</c>.</summary>
    public abstract ConditionResult EvaluateWithin(PlanValue element);

    public static readonly IReadOnlyList<string> Operators =
        ["equals", "not_equals", "contains", "matches", "exists", "absent", "changed_from", "changed_to", "in", "at_least", "at_most", "covers_port", "cidrs_cover"];

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
            return new Combined(key == "any_of", [.. parts!]);
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
            return new Where(path, [.. inner!]);
        }
        var ops = Operators.Where(map.Has).ToList();
        if (ops.Count != 1)
        {
            map.Error("path", ops.Count == 0
                ? $"an attribute condition needs one operator: {string.Join(", ", Operators)} (or 'where', 'any_of', 'all_of')"
                : $"an attribute condition takes one operator, not {string.Join(" and ", ops)}");
            map.RejectUnknownKeys(["path", .. Operators]);
            return null;
        }
        var op = ops[0];
        if (nested && op is "changed_from" or "changed_to")
        {
            map.Error(op, $"'{op}' compares before and after and cannot be used inside 'where'");
        }
        Leaf? leaf = null;
        switch (op)
        {
            case "exists":
            case "absent":
            {
                var flag = map.Bool(op);
                if (flag is { } f && path is not null) leaf = new Leaf(path, op == "exists" ? (f ? "exists" : "absent") : (f ? "absent" : "exists"), null, null, null);
                break;
            }
            case "matches":
            {
                var regex = map.Regex("matches");
                if (regex is not null && path is not null) leaf = new Leaf(path, op, null, regex, null);
                break;
            }
            case "in":
            {
                var values = map.StringList("in");
                if (values.Count == 0) map.Error("in", "'in' needs a list of values");
                else if (path is not null) leaf = new Leaf(path, op, null, null, values);
                break;
            }
            case "covers_port":
            {
                var ports = new List<int>();
                foreach (var text in map.StringList(op))
                {
                    if (PortSpec.TryParse(text, out var from, out var to) && from == to) ports.Add(from);
                    else map.Error(op, $"'{op}' takes port numbers (0-{PortSpec.MaxPort}), not '{text}'");
                }
                if (ports.Count == 0) map.Error(op, $"'{op}' needs a list of port numbers");
                else if (path is not null) leaf = new Leaf(path, op, null, null, [.. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
                break;
            }
            case "cidrs_cover":
            {
                var cidr = map.String(op);
                if (cidr is not null && !CidrSet.IsCidr(cidr)) map.Error(op, $"'{op}' needs a CIDR such as 0.0.0.0/0 or ::/0, not '{cidr}'");
                else if (cidr is not null && path is not null) leaf = new Leaf(path, op, cidr, null, null);
                break;
            }
            case "at_least":
            case "at_most":
            {
                var raw = map.String(op);
                if (raw is not null && !decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    map.Error(op, $"'{op}' needs a number, not '{raw}'");
                }
                else if (raw is not null && path is not null) leaf = new Leaf(path, op, raw, null, null);
                break;
            }
            default:
            {
                var node = map.Raw(op);
                if (node is not YamlScalarNode scalar)
                {
                    map.Error(op, $"'{op}' needs a single value (a string, number or boolean)");
                }
                else if (path is not null)
                {
                    leaf = new Leaf(path, op, scalar.Value ?? "", null, null);
                }
                break;
            }
        }
        map.RejectUnknownKeys(["path", op]);
        return leaf;
    }

    internal static bool ScalarEquals(PlanValue value, string expected)
    {
        if (value.Kind is PlanValueKind.List or PlanValueKind.Map or PlanValueKind.Unknown) return false;
        if (value.Kind == PlanValueKind.Null) return expected is "null" or "~";
        var text = value.RawText ?? "";
        if (string.Equals(text, expected, StringComparison.Ordinal)) return true;
        return value.Kind == PlanValueKind.Number &&
               decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
               decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b;
    }

    /// <summary>Any-semantics over selected values: true if one holds, unknown if none holds but one is unknown.</summary>
    internal static ConditionResult AnyOf(IReadOnlyList<PlanValue> values, Func<PlanValue, bool> test, string path, string what)
    {
        var sawUnknown = false;
        foreach (var v in values)
        {
            if (v.IsUnknown)
            {
                sawUnknown = true;
                continue;
            }
            if (test(v)) return new ConditionResult(Truth.True, $"{path} {what} (found {v.Display})");
        }
        return sawUnknown
            ? new ConditionResult(Truth.Unknown, $"{path} is known only after apply")
            : ConditionResult.No;
    }

    private sealed class Leaf(AttributePath path, string op, string? value, Regex? regex, IReadOnlyList<string>? values) : AttributeCondition
    {
        public override IEnumerable<AttributePath> TopLevelPaths => [path];

        public override bool NeedsBefore => op is "changed_from" or "changed_to";

        public override ConditionResult Evaluate(AttributeValues values)
        {
            if (!values.TryGet(path.Text, out var selected)) return ConditionResult.No;
            return op switch
            {
                "changed_from" => ChangedFrom(selected),
                "changed_to" => ChangedTo(selected),
                // A destroyed object has no after-state to judge.
                _ => selected.AfterExists || selected.After.Count > 0 ? Test(selected.After) : ConditionResult.No,
            };
        }

        public override ConditionResult EvaluateWithin(PlanValue element) => Test(path.Select(element));

        /// <summary>
        /// The policy's literal, or a stand-in when the value compared with it is sensitive: printing the literal a
        /// sensitive value equals would print the secret.
        /// </summary>
        private static string ShowAgainst(IEnumerable<PlanValue> compared, string literal) =>
            compared.Any(v => v.Sensitive) ? "(a sensitive value)" : Show(literal);

        private ConditionResult Test(IReadOnlyList<PlanValue> after)
        {
            var p = path.Text;
            string Show(string literal) => ShowAgainst(after, literal);
            switch (op)
            {
                case "equals": return AnyOf(after, v => ScalarEquals(v, value!), p, $"equals {Show(value!)}");
                case "not_equals": return AnyOf(after, v => v.Kind != PlanValueKind.Null && !ScalarEquals(v, value!), p, $"is not {Show(value!)}");
                case "in": return AnyOf(after, v => values!.Any(x => ScalarEquals(v, x)), p, $"is one of {string.Join(", ", values!.Select(Show))}");
                case "contains":
                    return AnyOf(after, v => v.Kind switch
                    {
                        PlanValueKind.String => (v.RawText ?? "").Contains(value!, StringComparison.Ordinal),
                        PlanValueKind.List => v.Items.Any(i => ScalarEquals(i, value!)),
                        PlanValueKind.Map => v.Properties.ContainsKey(value!),
                        _ => false,
                    }, p, $"contains {Show(value!)}");
                case "matches":
                {
                    var timedOut = false;
                    var matched = AnyOf(after, v =>
                    {
                        if (v.Kind is not (PlanValueKind.String or PlanValueKind.Number or PlanValueKind.Bool)) return false;
                        var m = RegexMatches(regex!, v.RawText ?? "");
                        timedOut |= m is null;
                        return m == true;
                    }, p, $"matches /{regex}/");
                    // A match that ran out of time is not a verdict either way: the finding is indeterminate.
                    return matched.Truth == Truth.True || !timedOut
                        ? matched
                        : new ConditionResult(Truth.Unknown, $"{p}: matching /{regex}/ did not finish within {YamlMap.RegexTimeout.TotalMilliseconds:0} ms, so whether it matches is not known");
                }
                case "at_least":
                case "at_most":
                {
                    var bound = decimal.Parse(value!, NumberStyles.Float, CultureInfo.InvariantCulture);
                    return AnyOf(after, v => v.Kind is PlanValueKind.Number or PlanValueKind.String &&
                                             decimal.TryParse(v.RawText, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) &&
                                             (op == "at_least" ? n >= bound : n <= bound), p, $"is {op.Replace('_', ' ')} {value}");
                }
                case "covers_port":
                    return CoversPort(after, p, [.. values!.Select(v => int.Parse(v, CultureInfo.InvariantCulture))]);
                case "cidrs_cover":
                    return CidrsCover(after, p, value!);
                case "exists":
                    return AnyOf(after, v => v.Kind != PlanValueKind.Null, p, "is set");
                default: // absent
                    if (after.Any(v => v.IsUnknown)) return new ConditionResult(Truth.Unknown, $"{p} is known only after apply");
                    return after.All(v => v.Kind == PlanValueKind.Null)
                        ? new ConditionResult(Truth.True, $"{p} is not set")
                        : ConditionResult.No;
            }
        }

        /// <summary>Any selected port spec (22, "20-30", "*") opens one of the ports; a value that is no port spec is not a pass but unknown.</summary>
        private static ConditionResult CoversPort(IReadOnlyList<PlanValue> after, string p, IReadOnlyList<int> ports)
        {
            var unclear = (string?)null;
            foreach (var v in after)
            {
                if (v.IsUnknown)
                {
                    unclear ??= $"{p} is known only after apply";
                    continue;
                }
                // Providers write an unset single range as "" beside the list form.
                if (v.Kind is not (PlanValueKind.String or PlanValueKind.Number) || string.IsNullOrWhiteSpace(v.RawText)) continue;
                switch (PortSpec.Covers(v.RawText ?? "", ports))
                {
                    case true:
                        return new ConditionResult(Truth.True, $"{p} opens port {string.Join(" or ", ports.Where(port => PortSpec.Covers(v.RawText ?? "", [port]) == true).Take(3))} (found {v.Display})");
                    case null:
                        unclear ??= $"{p} is {v.Display}, which is not a port or port range";
                        break;
                }
            }
            return unclear is null ? ConditionResult.No : new ConditionResult(Truth.Unknown, unclear);
        }

        /// <summary>The selected CIDRs together cover the range: a list split into /1 halves opens the internet as /0 does.</summary>
        private static ConditionResult CidrsCover(IReadOnlyList<PlanValue> after, string p, string range)
        {
            var set = new CidrSet();
            var found = new List<string>();
            var sawUnknown = false;
            foreach (var v in after)
            {
                if (v.IsUnknown) sawUnknown = true;
                else if (v.Kind == PlanValueKind.String && set.Add(v.RawText ?? "")) found.Add(v.Display);
            }
            if (set.Covers(range)) return new ConditionResult(Truth.True, $"{p} together cover {range} (found {string.Join(", ", found.Take(4))})");
            return sawUnknown ? new ConditionResult(Truth.Unknown, $"{p} is known only after apply") : ConditionResult.No;
        }

        private ConditionResult ChangedFrom(SelectedValues s)
        {
            if (!s.BeforeExists || !s.Before.Any(v => ScalarEquals(v, value!))) return ConditionResult.No;
            if (!s.AfterExists) return ConditionResult.No;
            if (s.After.Any(v => v.IsUnknown)) return new ConditionResult(Truth.Unknown, $"{path.Text} is known only after apply");
            return s.After.Any(v => ScalarEquals(v, value!))
                ? ConditionResult.No
                : new ConditionResult(Truth.True, $"{path.Text} changes from {ShowAgainst(s.Before, value!)} to {Describe(s.After)}");
        }

        private ConditionResult ChangedTo(SelectedValues s)
        {
            if (!s.AfterExists) return ConditionResult.No;
            if (s.Before.Any(v => ScalarEquals(v, value!))) return ConditionResult.No;
            var to = AnyOf(s.After, v => ScalarEquals(v, value!), path.Text, $"changes to {ShowAgainst(s.After, value!)}");
            if (to.Truth != Truth.True) return to;
            var from = s.BeforeExists ? Describe(s.Before) : "(new resource)";
            return new ConditionResult(Truth.True, $"{path.Text} changes from {from} to {ShowAgainst(s.After, value!)}");
        }

        private static string Describe(IReadOnlyList<PlanValue> values) =>
            values.Count == 0 ? "(not set)" : string.Join(", ", values.Take(3).Select(v => v.Display));

        /// <summary>A policy literal as it reads in YAML: booleans bare (deletion_protection equals false), text in quotes.</summary>
        private static string Show(string v) => v is "true" or "false" ? v : $"\"{v}\"";

        /// <summary>True or false, or null when the match ran out of time.</summary>
        private static bool? RegexMatches(Regex regex, string text)
        {
            try
            {
                return regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }
    }

    private sealed class Where(AttributePath path, AttributeCondition[] inner) : AttributeCondition
    {
        public override IEnumerable<AttributePath> TopLevelPaths => [path];

        public override IEnumerable<AttributePath> ReadPaths =>
            inner.SelectMany(c => c.ReadPaths).Select(p => AttributePath.Parse(path.Text + "." + p.Text));

        public override bool NeedsBefore => false;

        public override ConditionResult Evaluate(AttributeValues values)
        {
            if (!values.TryGet(path.Text, out var selected) || !(selected.AfterExists || selected.After.Count > 0))
            {
                return ConditionResult.No;
            }
            return Over(selected.After);
        }

        public override ConditionResult EvaluateWithin(PlanValue element) => Over(path.Select(element));

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
                foreach (var c in inner)
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
                if (all == Truth.True) return new ConditionResult(Truth.True, $"{path.Text} item {index}: {string.Join("; ", why)}");
                if (all == Truth.Unknown) sawUnknown = true;
                index++;
            }
            return sawUnknown ? new ConditionResult(Truth.Unknown, $"{path.Text} is known only after apply") : ConditionResult.No;
        }
    }

    private sealed class Combined(bool any, AttributeCondition[] parts) : AttributeCondition
    {
        public override IEnumerable<AttributePath> TopLevelPaths => parts.SelectMany(p => p.TopLevelPaths);

        public override IEnumerable<AttributePath> ReadPaths => parts.SelectMany(p => p.ReadPaths);

        public override bool NeedsBefore => parts.Any(p => p.NeedsBefore);

        public override ConditionResult Evaluate(AttributeValues values) => Combine(p => p.Evaluate(values));

        public override ConditionResult EvaluateWithin(PlanValue element) => Combine(p => p.EvaluateWithin(element));

        private ConditionResult Combine(Func<AttributeCondition, ConditionResult> eval)
        {
            var results = parts.Select(eval).ToList();
            if (any)
            {
                var hit = results.FirstOrDefault(r => r.Truth == Truth.True);
                if (hit.Truth == Truth.True) return hit;
                var unknown = results.FirstOrDefault(r => r.Truth == Truth.Unknown);
                return unknown.Truth == Truth.Unknown ? unknown : ConditionResult.No;
            }
            if (results.Any(r => r.Truth == Truth.False)) return ConditionResult.No;
            var text = string.Join("; ", results.Select(r => r.Explanation));
            return new ConditionResult(results.Any(r => r.Truth == Truth.Unknown) ? Truth.Unknown : Truth.True, text);
        }
    }
}
