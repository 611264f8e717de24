using System.Text.RegularExpressions;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Engine.Approvals;

public enum ApprovalVerb { Approve, Reject }

/// <summary>
/// One approval or rejection someone posted: a <c>/pipeline-guard approve|reject &lt;digest prefix&gt; &lt;reason&gt;</c>
/// comment, or an approving PR review whose body cites a digest.
/// </summary>
/// <param name="Source">github-comment | github-review | azure-devops-comment</param>
/// <param name="Edited">The comment was edited after it was posted (others with write access can edit comments).</param>
public sealed record ApprovalClaim(
    string User,
    bool IsBot,
    ApprovalVerb Verb,
    string DigestPrefix,
    string Reason,
    DateTimeOffset At,
    string Source,
    string? Url,
    bool Edited = false);

/// <summary>What a judged claim did for a rule: counted, refused (with why) or stale (approved another digest).</summary>
public enum ClaimVerdict { Counted, Refused, Stale, Rejected }

public sealed record JudgedClaim(ApprovalClaim Claim, ClaimVerdict Verdict, string Why)
{
    public string VerdictWord => Verdict switch
    {
        ClaimVerdict.Counted => "used",
        ClaimVerdict.Refused => "refused",
        ClaimVerdict.Stale => "stale",
        _ => "rejected",
    };
}

/// <summary>One rule's action-level approval in this run.</summary>
public sealed record ActionApprovalResult(string RuleId, ActionApprovalRequirement Requirement, string? Digest, IReadOnlyList<JudgedClaim> Claims)
{
    public IReadOnlyList<string> Approvers => [.. Claims.Where(c => c.Verdict == ClaimVerdict.Counted).Select(c => c.Claim.User)];

    public bool Approved => Digest is not null && Approvers.Count >= Requirement.Min && !Rejected;

    public bool Rejected => Claims.Any(c => c.Verdict == ClaimVerdict.Rejected);
}

/// <summary>The facts action-level approvals need, gathered by the collector before the pure evaluation.</summary>
public sealed partial record ActionApprovalFacts
{
    public static ActionApprovalFacts None { get; } = new() { Missing = "approvals were not collected in this run" };

    /// <summary>This run's manifest; null when it cannot be computed (<see cref="Missing"/> says why).</summary>
    public ApprovalManifest? Manifest { get; init; }
    public string? Missing { get; init; }

    /// <summary>Everything posted on the pull request that looks like an approval, in time order.</summary>
    public IReadOnlyList<ApprovalClaim> Claims { get; init; } = [];

    /// <summary>Manifests the guard requested approval for before (from its own request comment), newest first.</summary>
    public IReadOnlyList<ApprovalManifest> Requested { get; init; } = [];

    /// <summary>Why the claims could not be read; then none count.</summary>
    public string? FetchError { get; init; }

    public string? Digest => Manifest?.Digest;
}

/// <summary>
/// Judges claims against a rule's <see cref="ActionApprovalRequirement"/> (pure): a claim counts only for the identical
/// digest, cited by at least <see cref="ApprovalDigestText.MinPrefix"/> hex digits, by an eligible person, once per person.
/// </summary>
public static partial class ActionApprovalJudge
{
    public static ActionApprovalResult Judge(string ruleId, ActionApprovalRequirement requirement, EvaluationFacts facts)
    {
        var a = facts.ActionApprovals;
        var digest = a.Digest;
        var judged = new List<JudgedClaim>();
        var counted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var claim in a.Claims.OrderBy(c => c.At))
        {
            var prefix = claim.DigestPrefix.ToLowerInvariant();
            JudgedClaim Verdict(ClaimVerdict v, string why) => new(claim, v, why);
            if (prefix.Length < ApprovalDigestText.MinPrefix || !HexPattern().IsMatch(prefix))
            {
                judged.Add(Verdict(ClaimVerdict.Refused, $"cites '{claim.DigestPrefix}', not at least {ApprovalDigestText.MinPrefix} hex digits of the digest"));
                continue;
            }
            if (digest is null || !digest.StartsWith(prefix, StringComparison.Ordinal))
            {
                var earlier = a.Requested.FirstOrDefault(m => m.Digest.StartsWith(prefix, StringComparison.Ordinal));
                var why = digest is null ? "this run has no digest to approve"
                    : earlier is not null && a.Manifest is { } now ? $"approved {earlier.Digest[..ApprovalDigestText.MinPrefix]}, but since then " + string.Join("; ", now.DifferencesFrom(earlier))
                    : $"cites {prefix}, which is not this run's digest {digest[..ApprovalDigestText.MinPrefix]} (nor one this guard requested on this pull request)";
                judged.Add(Verdict(ClaimVerdict.Stale, why));
                continue;
            }
            if (claim.Edited)
            {
                judged.Add(Verdict(ClaimVerdict.Refused, "the comment was edited after it was posted; post a new one"));
                continue;
            }
            if (ApprovalEligibility.WhyNot(claim.User, claim.IsBot, facts.Context, requirement.Teams, requirement.Users, facts.Teams, facts.TeamErrors) is { } notEligible)
            {
                judged.Add(Verdict(ClaimVerdict.Refused, notEligible));
                continue;
            }
            if (claim.Verb == ApprovalVerb.Reject)
            {
                judged.Add(Verdict(ClaimVerdict.Rejected, string.IsNullOrWhiteSpace(claim.Reason) ? "rejected" : claim.Reason));
                continue;
            }
            if (string.IsNullOrWhiteSpace(claim.Reason))
            {
                judged.Add(Verdict(ClaimVerdict.Refused, "an approval needs a reason after the digest"));
                continue;
            }
            if (!counted.Add(claim.User))
            {
                judged.Add(Verdict(ClaimVerdict.Refused, $"{claim.User} already approved; {requirement.Min} approvals need {requirement.Min} different people"));
                continue;
            }
            judged.Add(Verdict(ClaimVerdict.Counted, "eligible, identical digest"));
        }
        return new ActionApprovalResult(ruleId, requirement, digest, judged);
    }

    /// <summary>Why the override did not lift the block, for the finding's message.</summary>
    public static string Explain(ActionApprovalResult result, ActionApprovalFacts facts)
    {
        var r = result.Requirement;
        if (facts.Manifest is null) return $"Action-level approval is not possible: {facts.Missing}.";
        var text = $"Action-level approval: {result.Approvers.Count} of {r.Min} for digest {facts.Manifest.Digest[..ApprovalDigestText.MinPrefix]}";
        text += result.Approvers.Count > 0 ? $" ({string.Join(", ", result.Approvers)})." : ".";
        if (facts.FetchError is { } error) text += $" Approvals could not be read: {error}.";
        foreach (var c in result.Claims.Where(c => c.Verdict != ClaimVerdict.Counted))
        {
            text += $" {c.Claim.User}: {c.VerdictWord} ({c.Why}).";
        }
        return text;
    }

    [GeneratedRegex("^[0-9a-f]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();
}

/// <summary>The comment syntax: <c>/pipeline-guard approve &lt;digest prefix&gt; &lt;reason&gt;</c> (or reject) on a line of its own.</summary>
public static partial class ApprovalCommand
{
    public const string Prefix = "/pipeline-guard";

    /// <summary>The first command line of a comment; null when it has none.</summary>
    public static (ApprovalVerb Verb, string Digest, string Reason)? Parse(string? body)
    {
        if (string.IsNullOrEmpty(body)) return null;
        foreach (var line in body.Split('\n'))
        {
            var m = CommandLine().Match(line.TrimEnd('\r'));
            if (!m.Success) continue;
            var verb = m.Groups["verb"].Value.Equals("approve", StringComparison.OrdinalIgnoreCase) ? ApprovalVerb.Approve : ApprovalVerb.Reject;
            return (verb, m.Groups["digest"].Value, m.Groups["reason"].Value.Trim());
        }
        return null;
    }

    /// <summary>The first run of 12 or more hex digits in a review body: the digest it cites.</summary>
    public static string? CitedDigest(string? body) => body is null ? null : HexRun().Match(body) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"^\s*/pipeline-guard\s+(?<verb>approve|reject)(?:\s+(?<digest>\S+))?(?:\s+(?<reason>.*))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{12,64}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant)]
    private static partial Regex HexRun();
}

/// <summary>Where one request went and what happened: created, updated, unchanged, posted, skipped or failed.</summary>
public sealed record ApprovalRequestOutcome(string Where, string Action, string? Detail);

/// <summary>How the run's approval request and wait went, for the reports.</summary>
/// <param name="Wait">null (no --wait-for-approval) | approved | rejected | timed-out | not-approvable</param>
public sealed record ApprovalRunInfo(IReadOnlyList<ApprovalRequestOutcome> Requests, string? Wait, TimeSpan Waited, int Polls);
