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
            foreach (var trailer in Deploy.CommitTrailers.Overrides(message, trailerName, ruleId))
            {
                if (trailer.Reason is null)
                {
                    notices.Add(new Notice("warning", $"the trailer '{trailerName}: {ruleId}' has no reason, so it does not override; write '{trailerName}: {ruleId} <reason>'", ruleId));
                    continue;
                }
                return new OverrideUse("trailer", $"{trailerName} trailer in commit {Short(commit?.Sha)} by {commit?.Author ?? "unknown author"}", trailer.Reason);
            }
        }
        if (options.Approvals is { } required)
        {
            // The same counting as the approval check: never the author, committer, co-authors or who triggered the run.
            var tally = Deploy.Approvals.ApprovalCounter.Count(facts, required.Teams, required.Users, required.ExcludeAuthor);
            if (tally.Counted.Count >= required.Min)
            {
                return new OverrideUse("approvals", tally.CountedText, null);
            }
        }
        if (options.ActionApproval is { } action)
        {
            // Only approvals of this run's digest, by eligible people: see ActionApprovalJudge.
            var result = Deploy.Approvals.ActionApprovalJudge.Judge(ruleId, action, facts);
            if (result.Approved)
            {
                var used = result.Claims.Where(c => c.Verdict == Deploy.Approvals.ClaimVerdict.Counted).ToList();
                return new OverrideUse("action-approval", string.Join(", ", used.Select(c => c.Claim.User)),
                    $"digest {result.Digest} approved: " + string.Join("; ", used.Select(c => $"{c.Claim.User}: {c.Claim.Reason}")));
            }
        }
        return null;
    }

    private static string Short(string? sha) => sha is null ? "(unknown)" : sha.Length > 12 ? sha[..12] : sha;
}
