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
            if (CommitSubject.HasTag(message, tag))
            {
                return new OverrideUse("commit-tag", $"{tag} in the subject of commit {Short(commit?.Sha)} by {commit?.Author ?? "unknown author"}", null);
            }
        }
        if (Unreadable(options, commit) is { } missing)
        {
            // An override the run cannot see is not granted, and the user is told why instead of left guessing.
            notices.Add(new Notice("warning", $"rule '{ruleId}': the override by {missing} could not be checked", ruleId));
        }
        if (options.Trailer is { } trailerName)
        {
            foreach (var trailer in CommitTrailers.Overrides(message, trailerName, ruleId))
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
            // On a platform with a review API only that API's approvals count; a context file cannot supply them.
            var tally = Approvals.ApprovalCounter.Count(facts, required.Teams, required.Users, required.ExcludeAuthor, PlatformApprovalSource(facts.Context));
            if (tally.Counted.Count >= required.Min)
            {
                return new OverrideUse("approvals", tally.CountedText, null);
            }
        }
        if (options.ActionApproval is { } action)
        {
            // Only approvals of this run's digest, by eligible people: see ActionApprovalJudge.
            var result = Approvals.ActionApprovalJudge.Judge(ruleId, action, facts);
            if (result.Approved)
            {
                var used = result.Claims.Where(c => c.Verdict == Approvals.ClaimVerdict.Counted).ToList();
                return new OverrideUse("action-approval", string.Join(", ", used.Select(c => c.Claim.User)),
                    $"digest {result.Digest} approved: " + string.Join("; ", used.Select(c => $"{c.Claim.User}: {c.Claim.Reason}")));
            }
        }
        return null;
    }

    /// <summary>The approval source an override counts on this platform: github | azure-devops, or null (any, from the context file) elsewhere.</summary>
    public static string? PlatformApprovalSource(DeployContext context) => context.Platform switch
    {
        PlatformNames.GitHub => "github",
        PlatformNames.AzurePipelines => "azure-devops",
        _ => null,
    };

    /// <summary>Why an override by approvals could not be judged: the platform's review API failed (the error), else null.</summary>
    public static string? ApprovalsUnreadable(OverrideOptions options, EvaluationFacts facts) =>
        options.Approvals is not null && PlatformApprovalSource(facts.Context) is { } source && facts.ApprovalSourceErrors.TryGetValue(source, out var error)
            ? $"approvals: the {source} review API could not be read ({error})"
            : null;

    /// <summary>What an override needs from the commit that this run does not have, in words; null when it has all of it.</summary>
    public static string? Unreadable(OverrideOptions options, CommitInfo? commit)
    {
        var why = commit?.Sha is null ? "no commit is known to this run" : $"the message of commit {Short(commit.Sha)} is not known to this run (no git repository or history)";
        if (commit?.Message is null)
        {
            var ways = new List<string>();
            if (options.CommitTags.Count > 0) ways.Add("commit tag");
            if (options.Trailer is { } t) ways.Add($"{t} trailer");
            return ways.Count == 0 ? null : $"{string.Join(" or ", ways)}: {why}";
        }
        if (commit.MessageIsSubjectOnly && options.Trailer is { } trailer)
        {
            return $"{trailer} trailer: only the subject line of commit {Short(commit.Sha)} is known to this run (BUILD_SOURCEVERSIONMESSAGE), not its trailers; check out the repository so git can read them";
        }
        return null;
    }

    private static string Short(string? sha) => sha is null ? "(unknown)" : sha.Length > 12 ? sha[..12] : sha;
}
