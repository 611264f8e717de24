using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Engine.Approvals;

/// <summary>Who counted as an approver and who did not, with the reason, for messages and reports.</summary>
public sealed record ApprovalTally(IReadOnlyList<string> Counted, IReadOnlyList<(string User, string Why)> Ignored)
{
    /// <summary>Where each counted approval came from (github | azure-devops | context), in the order of <see cref="Counted"/>.</summary>
    public IReadOnlyList<string> CountedSources { get; init; } = [];

    /// <summary>"bob (github), carol (github)" or "nobody": every counted approval names its source.</summary>
    public string CountedText => Counted.Count == 0
        ? "nobody"
        : string.Join(", ", Counted.Select((user, i) => i < CountedSources.Count ? $"{user} ({CountedSources[i]})" : user));

    public string IgnoredText => string.Join("; ", Ignored.Select(i => $"{i.User} ({i.Why})"));
}

/// <summary>
/// Counts approvals the same way for the <c>approval</c> check and for overrides: only approvals
/// in state "approved" count, once per user; with <c>excludeSelf</c> the PR author, commit author,
/// committer, co-authors and the users who triggered the run never count (matched by login, name,
/// e-mail and GitHub noreply address). Teams resolve through <see cref="EvaluationFacts.Teams"/>.
/// </summary>
public static class ApprovalCounter
{
    public static ApprovalTally Count(
        EvaluationFacts facts,
        IReadOnlyList<string> teams,
        IReadOnlyList<string> users,
        bool excludeSelf,
        string? source = null)
    {
        var context = facts.Context;
        var self = excludeSelf ? SelfIdentities(context, facts.Agents) : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var counted = new List<string>();
        var sources = new List<string>();
        var ignored = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var approval in context.PullRequest?.Approvals ?? [])
        {
            if (source is not null && !string.Equals(approval.Source, source, StringComparison.OrdinalIgnoreCase)) continue;
            if (!string.Equals(approval.State, "approved", StringComparison.OrdinalIgnoreCase))
            {
                if (approval.State is "stale" or "dismissed") ignored.Add((approval.User, approval.State));
                continue;
            }
            if (!seen.Add(approval.User)) continue;
            if (IsBot(approval.User))
            {
                ignored.Add((approval.User, "a bot account: bots never count as approvers"));
                continue;
            }
            if (IdentitiesOf(approval.User).Any(self.Contains))
            {
                ignored.Add((approval.User, "self-approval: author, committer, who asked an agent for the change, or who triggered the run"));
                continue;
            }
            if ((teams.Count > 0 || users.Count > 0) && !IsAllowed(approval.User, teams, users, facts.Teams))
            {
                ignored.Add((approval.User, "not in " + string.Join(", ", teams.Select(t => "team " + t).Concat(users))));
                continue;
            }
            counted.Add(approval.User);
            sources.Add(approval.Source);
        }
        return new ApprovalTally(counted, ignored) { CountedSources = sources };
    }

    /// <summary>GitHub App and Actions accounts (<c>name[bot]</c>, github-actions) and Azure's build service identities.</summary>
    public static bool IsBot(string user)
    {
        var u = user.Trim();
        return u.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ||
            u.Equals("github-actions", StringComparison.OrdinalIgnoreCase) ||
            u.Contains("Build Service", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsAllowed(string user, IReadOnlyList<string> teams, IReadOnlyList<string> users, IReadOnlyDictionary<string, IReadOnlySet<string>> teamMembers)
    {
        if (users.Any(u => SameUser(u, user))) return true;
        foreach (var team in teams)
        {
            if (TeamMembers(teamMembers, team) is { } members && members.Any(m => SameUser(m, user))) return true;
        }
        return false;
    }

    /// <summary>The members of a team by its policy name; a leading @ is ignored (@org/team).</summary>
    public static IReadOnlySet<string>? TeamMembers(IReadOnlyDictionary<string, IReadOnlySet<string>> teams, string team)
    {
        if (teams.TryGetValue(team, out var members)) return members;
        return team.StartsWith('@') && teams.TryGetValue(team[1..], out members) ? members : null;
    }

    /// <summary>Every identity of the people who may not approve their own deploy.</summary>
    public static HashSet<string> SelfIdentities(DeployContext context, AgentMarkers? agents = null)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? identity)
        {
            if (string.IsNullOrWhiteSpace(identity)) return;
            foreach (var i in IdentitiesOf(identity)) set.Add(i);
        }
        Add(context.Actor);
        Add(context.TriggeringActor);
        Add(context.PullRequest?.Author);
        Add(context.Commit?.Author);
        Add(context.Commit?.AuthorEmail);
        Add(context.Commit?.Committer);
        Add(context.Commit?.CommitterEmail);
        // Whoever asked a coding agent for the change is its author (as GitHub does for Copilot's pull requests).
        foreach (var requester in ChangeProvenance.Of(context, agents ?? AgentMarkers.BuiltIn).Requesters) Add(requester);
        foreach (var coAuthor in CommitTrailers.Values(context.Commit?.Message, "Co-authored-by"))
        {
            // "Name <email>": both the name and the address identify the co-author.
            var lt = coAuthor.IndexOf('<', StringComparison.Ordinal);
            var gt = coAuthor.IndexOf('>', StringComparison.Ordinal);
            if (lt >= 0 && gt > lt)
            {
                Add(coAuthor[..lt].Trim());
                Add(coAuthor[(lt + 1)..gt]);
            }
            else
            {
                Add(coAuthor);
            }
        }
        return set;
    }

    /// <summary>A login or e-mail and what it implies: alice@x.com also names alice; 123+alice@users.noreply.github.com names alice.</summary>
    public static IEnumerable<string> IdentitiesOf(string identity)
    {
        var id = identity.Trim();
        yield return id;
        var at = id.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) yield break;
        var local = id[..at];
        if (id.EndsWith("@users.noreply.github.com", StringComparison.OrdinalIgnoreCase))
        {
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0) local = local[(plus + 1)..];
        }
        yield return local;
    }

    private static bool SameUser(string a, string b) =>
        IdentitiesOf(a).Any(x => IdentitiesOf(b).Contains(x, StringComparer.OrdinalIgnoreCase));
}
