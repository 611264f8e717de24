using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Engine;

/// <summary>
/// Decides whether a rule's <c>override</c> block lifts its findings for this run: a commit tag,
/// a <c>Guard-Override: &lt;rule-id&gt; &lt;reason&gt;</c> trailer, or approvals that are never the author's own.
/// </summary>
public static class Overrides
{
    public static OverrideUse? Find(OverrideOptions? options, string ruleId, EvaluationFacts facts, ICollection<Notice> notices)
    {
        if (options is null) return null;
        var commit = facts.Context.Commit;
        var message = commit?.Message ?? "";
        foreach (var tag in options.CommitTags)
        {
            if (message.Contains(tag, StringComparison.OrdinalIgnoreCase))
            {
                return new OverrideUse("commit-tag", $"{tag} in commit {Short(commit?.Sha)} by {commit?.Author ?? "unknown author"}", null);
            }
        }
        if (options.Trailer is { } trailerName)
        {
            foreach (var (key, value) in CommitTrailers.Parse(message))
            {
                if (!key.Equals(trailerName, StringComparison.OrdinalIgnoreCase)) continue;
                var parts = value.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0 || !parts[0].Equals(ruleId, StringComparison.Ordinal)) continue;
                if (parts.Length < 2 || string.IsNullOrWhiteSpace(parts[1]))
                {
                    notices.Add(new Notice("warning", $"the trailer '{key}: {ruleId}' has no reason, so it does not override; write '{trailerName}: {ruleId} <reason>'", ruleId));
                    continue;
                }
                return new OverrideUse("trailer", $"{trailerName} trailer in commit {Short(commit?.Sha)} by {commit?.Author ?? "unknown author"}", parts[1]);
            }
        }
        if (options.Approvals is { } required)
        {
            var approvers = QualifyingApprovers(required, facts);
            if (approvers.Count >= required.Min)
            {
                return new OverrideUse("approvals", string.Join(", ", approvers), null);
            }
        }
        return null;
    }

    /// <summary>
    /// Users whose latest review approves, who belong to the named teams or users (anyone when none
    /// are named), and who are not the author, committer or triggering actor when the author is excluded.
    /// </summary>
    public static IReadOnlyList<string> QualifyingApprovers(ApprovalRequirement required, EvaluationFacts facts)
    {
        var context = facts.Context;
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (required.ExcludeAuthor)
        {
            foreach (var who in new[] { context.Commit?.Author, context.Commit?.Committer, context.PullRequest?.Author, context.Actor })
            {
                if (!string.IsNullOrWhiteSpace(who)) excluded.Add(who);
            }
        }
        var approvals = context.PullRequest?.Approvals ?? [];
        var approved = approvals
            .Where(a => a.State.Equals("approved", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.User)
            .Where(u => !excluded.Contains(u))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var anyone = required.Teams.Count == 0 && required.Users.Count == 0;
        return [.. approved.Where(u => anyone || InTeamsOrUsers(u, required, facts)).Order(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool InTeamsOrUsers(string user, ApprovalRequirement required, EvaluationFacts facts) =>
        required.Users.Contains(user, StringComparer.OrdinalIgnoreCase) ||
        required.Teams.Any(t => facts.Teams.TryGetValue(t, out var members) && members.Contains(user));

    private static string Short(string? sha) => sha is null ? "(unknown)" : sha.Length > 12 ? sha[..12] : sha;
}
