using NodaTime;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Engine;

/// <summary>What one rule did in this run.</summary>
public sealed record RuleResult(PolicyRule Rule, RuleStatus Status, string? Reason, IReadOnlyList<Finding> Findings)
{
    /// <summary>The most serious outcome among the rule's findings; null when it found nothing.</summary>
    public Outcome? Worst => Findings.Count == 0 ? null : Findings.Min(f => f.Outcome);
}

/// <summary>One run's result: the decision, every finding, every rule's status and the notices.</summary>
public sealed record Evaluation(
    Decision Decision,
    PolicyMode Mode,
    Instant EvaluatedAt,
    DeployContext Context,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<RuleResult> Rules,
    IReadOnlyList<Notice> Notices,
    PolicySet Policy,
    IReadOnlyList<InputFile> Inputs)
{
    public int Blocking => Findings.Count(f => f.Outcome == Outcome.Block);

    /// <summary>The digest and approvals of this run, when a rule with <c>override.action_approval</c> found something.</summary>
    public Approvals.ActionApprovalFacts ApprovalFacts { get; init; } = Approvals.ActionApprovalFacts.None;

    /// <summary>Per rule with <c>override.action_approval</c> that found something: which approvals were used, refused or stale.</summary>
    public IReadOnlyList<Approvals.ActionApprovalResult> ActionApprovals { get; init; } = [];

    /// <summary>The teams approvers were checked against (policy and platform), for the request's "who may approve".</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> ApprovalTeams { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the approval request was posted and how the wait ended (set by the CLI after publishing).</summary>
    public Approvals.ApprovalRunInfo? ApprovalRun { get; init; }

    /// <summary>The facts the rules judged (with the policy's teams, environments and agent markers), for what reporters show of them.</summary>
    public required EvaluationFacts Facts { get; init; }

    /// <summary>The contract's exit code: 1 when a finding blocks in enforce mode, else 0.</summary>
    public int ExitCode => Mode == PolicyMode.Enforce && Decision == Decision.Block ? 1 : 0;
}
