using System.Text.RegularExpressions;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>matches</c>: a selected scalar matches the regular expression (compiled at load, with the policy's match timeout).</summary>
public sealed record MatchesCondition(AttributePath Path, Regex Pattern) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path) =>
        map.Regex(key) is { } regex && path is not null ? new MatchesCondition(path, regex) : null;

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after)
    {
        var timedOut = false;
        var matched = AnyOf(after, v =>
        {
            if (v.Kind is not (PlanValueKind.String or PlanValueKind.Number or PlanValueKind.Bool)) return false;
            var m = Match(v.RawText ?? "");
            timedOut |= m is null;
            return m == true;
        }, $"matches /{Pattern}/");
        // A match that ran out of time is not a verdict either way: the finding is indeterminate.
        return matched.Truth == Truth.True || !timedOut
            ? matched
            : new ConditionResult(Truth.Unknown, $"{Path.Text}: matching /{Pattern}/ did not finish within {YamlMap.RegexTimeout.TotalMilliseconds:0} ms, so whether it matches is not known");
    }

    /// <summary>True or false, or null when the match ran out of time.</summary>
    private bool? Match(string text)
    {
        try
        {
            return Pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
