using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>Whether a rule was evaluated for this run, and if not, why.</summary>
public enum RuleStatus { Evaluated, OutOfScope, ScopeUndetermined }

/// <summary>A rule's <c>when</c> against the deploy: the one place scope is decided (the engine and the fetcher both ask here).</summary>
public static class ScopeMatching
{
    /// <summary>
    /// Whether the rule applies to this deploy. An unknown environment puts environment-scoped rules in
    /// scope (a guard that cannot tell where it runs judges as if it were the strictest place); a service
    /// or branch the context cannot answer is reported, not guessed.
    /// </summary>
    public static (RuleStatus Status, string? Reason) Judge(PolicyRule rule, PolicySet policy, DeployContext context)
    {
        var when = rule.When;
        if (when.Environments.Count > 0 && EnvironmentName(context) is { } environment &&
            !when.Environments.Any(name => EnvironmentMatches(name, environment, policy)))
        {
            return (RuleStatus.OutOfScope, $"environment '{environment}' is not one of [{string.Join(", ", when.Environments)}]");
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
            var provenance = ChangeProvenance.Of(context, policy.AgentMarkers);
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

    /// <summary>The deploy's environment name, trimmed; null when none is known.</summary>
    public static string? EnvironmentName(DeployContext context) =>
        string.IsNullOrWhiteSpace(context.Environment) ? null : context.Environment.Trim();

    /// <summary>A scope name matches the deploy's environment by name, or through the policy's alias globs.</summary>
    public static bool EnvironmentMatches(string scopeName, string environment, PolicySet policy)
    {
        var name = environment.Trim();
        return scopeName.Equals(name, StringComparison.OrdinalIgnoreCase) ||
            (policy.Environments.TryGetValue(scopeName, out var aliases) && aliases.IsMatch(name));
    }
}
