using System.Security.Cryptography;
using System.Text;
using NodaTime;
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
        var today = DateOnly.FromDateTime(facts.Now.ToDateTimeUtc());
        var notices = new List<Notice>();
        var results = new List<RuleResult>(policy.Rules.Count);
        var teams = MergeTeams(policy, facts);
        var factsWithTeams = facts with { Teams = teams, Environments = facts.Environments.Count > 0 ? facts.Environments : policy.EnvironmentDeclarations, Agents = policy.AgentMarkers };
        foreach (var rule in policy.Rules)
        {
            AnnounceExceptions(rule, today, notices);
            var (status, reason) = Scope(rule, policy, facts.Context);
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
                findings.Add(Judge(rule, violation, factsWithTeams, today, notices));
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
        return new Evaluation(decision, mode, facts.Now, facts.Context, all, results, distinctNotices, policy, facts.Inputs);
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> MergeTeams(PolicySet policy, EvaluationFacts facts)
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

    private static void AnnounceExceptions(PolicyRule rule, DateOnly today, List<Notice> notices)
    {
        foreach (var exception in rule.Exceptions)
        {
            var targets = exception.Targets.ToString();
            if (exception.IsExpired(today))
            {
                notices.Add(new Notice("warning",
                    $"rule '{rule.Id}': the exception for {targets} expired on {exception.Expires:yyyy-MM-dd} and no longer applies ({exception.Position}); remove it or renew it with a new date",
                    rule.Id));
            }
            else if (exception.Expires.DayNumber - today.DayNumber < ExpiryWarningDays)
            {
                var days = exception.Expires.DayNumber - today.DayNumber;
                notices.Add(new Notice("warning",
                    $"rule '{rule.Id}': the exception for {targets} expires on {exception.Expires:yyyy-MM-dd} (in {days} day{(days == 1 ? "" : "s")}; {exception.Position})",
                    rule.Id));
            }
        }
    }

    /// <summary>Whether the rule applies to this deploy. A scope the context cannot answer is reported, not guessed.</summary>
    public static (RuleStatus Status, string? Reason) Scope(PolicyRule rule, PolicySet policy, DeployContext context)
    {
        var when = rule.When;
        if (when.Environments.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(context.Environment))
            {
                return (RuleStatus.ScopeUndetermined,
                    $"it applies to environments [{string.Join(", ", when.Environments)}] and no environment was given (--environment or the context file)");
            }
            if (!when.Environments.Any(name => EnvironmentMatches(name, context.Environment, policy)))
            {
                return (RuleStatus.OutOfScope, $"environment '{context.Environment}' is not one of [{string.Join(", ", when.Environments)}]");
            }
        }
        if (!when.Services.MatchesEverything)
        {
            if (string.IsNullOrWhiteSpace(context.Service))
            {
                return (RuleStatus.ScopeUndetermined, $"it applies to services [{when.Services}] and no service was given (--service or the context file)");
            }
            if (!when.Services.IsMatch(context.Service)) return (RuleStatus.OutOfScope, $"service '{context.Service}' is not one of [{when.Services}]");
        }
        if (when.MadeBy is { } madeBy)
        {
            var provenance = Deploy.ChangeProvenance.Of(context, policy.AgentMarkers);
            // Unknown provenance (no commit, no pull request) is judged as in scope: a rule is never skipped on a guess.
            if (provenance.Known && provenance.MadeByAgent != (madeBy == "agent"))
            {
                return (RuleStatus.OutOfScope, madeBy == "agent"
                    ? "no coding agent marker on the change (absence of a marker proves nothing: it is only what the commit and pull request say)"
                    : $"the change was made by a coding agent: {provenance.Describe()}");
            }
        }
        if (!when.Branches.MatchesEverything)
        {
            var branch = context.Branch is { } b && b.StartsWith("refs/heads/", StringComparison.Ordinal) ? b["refs/heads/".Length..] : context.Branch;
            if (string.IsNullOrWhiteSpace(branch))
            {
                return (RuleStatus.ScopeUndetermined, $"it applies to branches [{when.Branches}] and the branch is not known (context file 'branch')");
            }
            if (!when.Branches.IsMatch(branch)) return (RuleStatus.OutOfScope, $"branch '{branch}' is not one of [{when.Branches}]");
        }
        return (RuleStatus.Evaluated, null);
    }

    /// <summary>A scope name matches the deploy's environment by name, or through the policy's alias globs.</summary>
    public static bool EnvironmentMatches(string scopeName, string environment, PolicySet policy) =>
        scopeName.Equals(environment, StringComparison.OrdinalIgnoreCase) ||
        (policy.Environments.TryGetValue(scopeName, out var aliases) && aliases.IsMatch(environment));

    private static Finding Judge(PolicyRule rule, Violation violation, EvaluationFacts facts, DateOnly today, List<Notice> notices)
    {
        var enforcement = violation.Enforcement is { } cap && cap > rule.Enforcement ? cap : rule.Enforcement;
        var remediation = violation.Remediation is { } extra ? $"{rule.EffectiveRemediation} {extra}" : rule.EffectiveRemediation;
        var howToOverride = rule.Override?.Describe(rule.Id);
        var finding = new Finding(rule.Id, rule.Severity, enforcement, OutcomeOf(enforcement), violation.Message, violation.Target,
            remediation, Fingerprint(rule.Id, violation.Subject ?? violation.Target.Describe()))
        {
            Indeterminate = violation.Indeterminate,
            HowToOverride = string.IsNullOrEmpty(howToOverride) ? null : howToOverride,
        };
        if (violation.Suppression is { } inline)
        {
            return finding with
            {
                Outcome = Outcome.Waived,
                Exception = new ExceptionUse("inline", inline.Reason, null, false, inline.Where),
            };
        }
        ExceptionUse? expired = null;
        foreach (var exception in rule.Exceptions)
        {
            var matched = MatchedTarget(exception, violation.Target);
            if (matched is null) continue;
            if (exception.IsExpired(today))
            {
                expired ??= new ExceptionUse("policy", exception.Reason, exception.Expires, true, matched);
                continue;
            }
            return finding with
            {
                Outcome = Outcome.Waived,
                Exception = new ExceptionUse("policy", exception.Reason, exception.Expires, false, matched),
            };
        }
        finding = finding with { Exception = expired };
        if (finding.Outcome is Outcome.Block or Outcome.Warn &&
            Overrides.Find(rule.Override, rule.Id, facts, notices) is { } used)
        {
            return finding with { Outcome = Outcome.Overridden, Override = used };
        }
        return finding;
    }

    private static string? MatchedTarget(PolicyException exception, Target target)
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

    private static Outcome OutcomeOf(Enforcement enforcement) => enforcement switch
    {
        Enforcement.Block => Outcome.Block,
        Enforcement.Warn => Outcome.Warn,
        _ => Outcome.Advisory,
    };

    /// <summary>Stable across runs: the rule and the subject, never line numbers.</summary>
    public static string Fingerprint(string ruleId, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ruleId + "\n" + subject)))[..32];
}
