using System.Security.Cryptography;
using System.Text;
using NodaTime;
using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Engine;

/// <summary>
/// Applies a policy to facts: scope (<c>when</c>), the checks, exceptions with expiry, inline
/// suppressions, overrides, enforcement and mode, and derives the decision. The only place
/// that knows what these words mean.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Exceptions expiring within this many days are announced ahead of time.</summary>
    public const int ExpiryWarningDays = 14;

    public static Evaluation Evaluate(PolicySet policy, EvaluationFacts facts, PolicyMode? modeOverride = null)
    {
        var mode = modeOverride ?? policy.Mode;
        var notices = new List<Notice>();
        var results = new List<RuleResult>(policy.Rules.Count);
        var teams = MergeTeams(policy, facts);
        var factsWithTeams = (facts with { Teams = teams })
            .With(facts.Environments.Count > 0 ? facts.Get<DeclaredEnvironments>() : new DeclaredEnvironments(policy.EnvironmentDeclarations))
            .With(policy.AgentMarkers);
        AnnounceEnvironment(policy, facts.Context, notices);
        AnnounceNothingJudged(policy, facts, notices);
        foreach (var rule in policy.Rules)
        {
            AnnounceExceptions(rule, facts.Now, notices);
            var (status, reason) = ScopeMatching.Judge(rule, policy, facts.Context);
            if (status != RuleStatus.Evaluated)
            {
                if (status == RuleStatus.ScopeUndetermined)
                {
                    notices.Add(new Notice("warning", $"rule '{rule.Id}' was not evaluated: {reason}", rule.Id));
                }
                results.Add(new RuleResult(rule, status, reason, []));
                continue;
            }
            var findings = new List<Finding>();
            foreach (var violation in rule.Check.Evaluate(factsWithTeams))
            {
                findings.Add(Judge(rule, violation, factsWithTeams, notices));
            }
            results.Add(new RuleResult(rule, RuleStatus.Evaluated, null, findings));
        }
        var all = results.SelectMany(r => r.Findings)
            .OrderBy(f => f.Outcome)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Target.File ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Target.Line ?? 0)
            .ThenBy(f => f.Target.Address ?? "", StringComparer.Ordinal)
            .ToList();
        var decision = all.Any(f => f.Outcome == Outcome.Block) ? Decision.Block
            : all.Any(f => f.Outcome == Outcome.Warn) ? Decision.Warn
            : Decision.Pass;
        var distinctNotices = notices.Distinct().ToList();
        var actionApprovals = results
            .Where(r => r.Rule.Override?.ActionApproval is not null && r.Findings.Any(f => f.Outcome == Outcome.Block || f.Override?.Kind == "action-approval"))
            .Select(r => Approvals.ActionApprovalJudge.Judge(r.Rule.Id, r.Rule.Override!.ActionApproval!, factsWithTeams))
            .ToList();
        return new Evaluation(decision, mode, facts.Now, facts.Context, all, results, distinctNotices, policy, facts.Inputs)
        {
            ApprovalFacts = facts.ActionApprovals,
            ActionApprovals = actionApprovals,
            ApprovalTeams = teams,
            Facts = factsWithTeams,
        };
    }

    private static Dictionary<string, IReadOnlySet<string>> MergeTeams(PolicySet policy, EvaluationFacts facts)
    {
        var teams = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, members) in policy.Teams) teams[name] = members;
        foreach (var (name, members) in facts.Teams)
        {
            teams[name] = teams.TryGetValue(name, out var existing)
                ? new HashSet<string>(existing.Concat(members), StringComparer.OrdinalIgnoreCase)
                : members;
        }
        return teams;
    }

    private static void AnnounceExceptions(PolicyRule rule, Instant now, List<Notice> notices)
    {
        foreach (var exception in rule.Exceptions)
        {
            var targets = exception.Targets.ToString();
            if (!exception.IsExpired(now) && exception.Broadness(now) is { } broad)
            {
                notices.Add(new Notice("warning", $"rule '{rule.Id}': the exception at {exception.Position} is broad: {broad}; a waiver names what it waives and ends", rule.Id));
            }
            if (exception.IsExpired(now))
            {
                notices.Add(new Notice("warning",
                    $"rule '{rule.Id}': the exception for {targets} expired on {exception.Expires:yyyy-MM-dd} and no longer applies ({exception.Position}); remove it or renew it with a new date",
                    rule.Id));
            }
            else if (exception.DaysLeft(now) < ExpiryWarningDays)
            {
                var days = exception.DaysLeft(now);
                notices.Add(new Notice("warning",
                    $"rule '{rule.Id}': the exception for {targets} expires on {exception.Expires:yyyy-MM-dd} (in {days} day{(days == 1 ? "" : "s")}; {exception.Position})",
                    rule.Id));
            }
        }
    }

    /// <summary>Inputs that gave the rules nothing to judge are said so, never passed in silence: each fact part says what.</summary>
    private static void AnnounceNothingJudged(PolicySet policy, EvaluationFacts facts, List<Notice> notices)
    {
        var kinds = policy.Rules.Select(r => r.Check.Kind.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var part in facts.AllParts) notices.AddRange(part.Notices(kinds));
    }

    /// <summary>
    /// Says how environment-scoped rules were judged when no environment is known, and names the alias
    /// an environment that matches none resembles (a typo must not move a deploy out of scope unseen).
    /// </summary>
    private static void AnnounceEnvironment(PolicySet policy, DeployContext context, List<Notice> notices)
    {
        var scopes = policy.Rules.SelectMany(r => r.When.Environments).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (scopes.Count == 0) return;
        if (ScopeMatching.EnvironmentName(context) is not { } environment)
        {
            notices.Add(new Notice("warning",
                $"environment unknown: judged as {string.Join(", ", scopes)} (give --environment, the context file's 'environment' or a CI environment to narrow it)"));
            return;
        }
        if (scopes.Any(s => ScopeMatching.EnvironmentMatches(s, environment, policy))) return;
        if (EnvironmentResemblance.Find(environment, scopes, policy) is { } near)
        {
            notices.Add(new Notice("warning",
                $"environment '{environment}' matches none of [{string.Join(", ", scopes)}] but resembles '{near.Alias}' of {near.Scope}; rules scoped to {near.Scope} were not applied. Fix the name or add it to environments.{near.Scope} in the policy"));
        }
    }

    private static Finding Judge(PolicyRule rule, Violation violation, EvaluationFacts facts, List<Notice> notices)
    {
        var enforcement = violation.Enforcement is { } cap && cap > rule.Enforcement ? cap : rule.Enforcement;
        var remediation = violation.Remediation is { } extra ? $"{rule.EffectiveRemediation} {extra}" : rule.EffectiveRemediation;
        var howToOverride = rule.Override?.Describe(rule.Id);
        var finding = new Finding(rule.Id, rule.Severity, enforcement, violation.Message, violation.Target,
            remediation, Fingerprint(rule.Id, violation.Subject ?? violation.Target.Describe()))
        {
            Indeterminate = violation.Indeterminate,
            HowToOverride = string.IsNullOrEmpty(howToOverride) ? null : howToOverride,
        };
        if (violation.Suppression is { } inline)
        {
            return finding with { Resolution = new Resolution.Waived(new WaiverUse("inline", inline.Reason, null, false, inline.Where)) };
        }
        WaiverUse? expired = null;
        foreach (var exception in rule.Exceptions)
        {
            var matched = MatchedTarget(exception, violation.Target);
            if (matched is null) continue;
            if (exception.IsExpired(facts.Now))
            {
                expired ??= new WaiverUse("policy", exception.Reason, exception.Expires, true, matched);
                continue;
            }
            return finding with { Resolution = new Resolution.Waived(new WaiverUse("policy", exception.Reason, exception.Expires, false, matched)) };
        }
        finding = finding with { Resolution = new Resolution.Enforced(expired) };
        if (finding.Outcome is Outcome.Block or Outcome.Warn &&
            Overrides.Find(rule.Override, rule.Id, facts, notices) is { } used)
        {
            return finding with { Resolution = new Resolution.Overridden(used, expired) };
        }
        if (finding.Outcome is Outcome.Block or Outcome.Warn && rule.Override is { } options)
        {
            var gaps = new[] { Overrides.Unreadable(options, facts.Context.Commit), Overrides.ApprovalsUnreadable(options, facts) }.OfType<string>().ToList();
            if (gaps.Count > 0) finding = finding with { HowToOverride = $"{finding.HowToOverride} Not checked: the override by {string.Join("; the override by ", gaps)}.".Trim() };
        }
        if (finding.Outcome == Outcome.Block && rule.Override?.ActionApproval is { } action)
        {
            var result = Approvals.ActionApprovalJudge.Judge(rule.Id, action, facts);
            finding = finding with { Message = finding.Message + " " + Approvals.ActionApprovalJudge.Explain(result, facts.ActionApprovals) };
        }
        return finding;
    }

    private static string? MatchedTarget(Waiver exception, Target target)
    {
        if (exception.Targets.MatchesEverything) return "*";
        foreach (var key in target.MatchKeys())
        {
            foreach (var glob in exception.Targets.Globs)
            {
                if (glob.IsMatch(key)) return glob.Pattern;
            }
        }
        return null;
    }


    /// <summary>Stable across runs: the rule and the subject, never line numbers.</summary>
    public static string Fingerprint(string ruleId, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ruleId + "\n" + subject)))[..32];
}
