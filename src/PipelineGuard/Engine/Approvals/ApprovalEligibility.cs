using PipelineGuard.Model;

namespace PipelineGuard.Engine.Approvals;

/// <summary>
/// Who may approve this change, in one place: never a bot, never anyone who made or asked for the change
/// (PR opener, commit author, committer, co-authors, who triggered the run, and the human who asked a coding
/// agent for it), and only people in the rule's teams or users. The agent markers here are the few that make
/// a human the requester; the full provenance (issue 15) can replace <see cref="IsCodingAgent"/>.
/// </summary>
public static class ApprovalEligibility
{
    /// <summary>Null when <paramref name="user"/> may approve, else why not.</summary>
    public static string? WhyNot(
        string user,
        bool isBot,
        DeployContext context,
        IReadOnlyList<string> teams,
        IReadOnlyList<string> users,
        IReadOnlyDictionary<string, IReadOnlySet<string>> teamMembers,
        IReadOnlyDictionary<string, string> teamErrors)
    {
        if (isBot || IsBotName(user) || IsCodingAgent(user)) return "a bot or agent account never approves";
        var roles = Roles(context);
        foreach (var identity in ApprovalCounter.IdentitiesOf(user))
        {
            if (roles.TryGetValue(identity, out var role)) return $"self-approval: {user} {role}";
        }
        if (!ApprovalCounter.IsAllowed(user, teams, users, teamMembers))
        {
            var unresolved = teams.Where(t => ApprovalCounter.TeamMembers(teamMembers, t) is null)
                .Select(t => teamErrors.TryGetValue(t, out var e) ? $"team {t} could not be resolved: {e}" : $"team {t} is not defined")
                .ToList();
            return "not in " + string.Join(", ", teams.Select(t => "team " + t).Concat(users)) +
                   (unresolved.Count > 0 ? " (" + string.Join("; ", unresolved) + ")" : "");
        }
        return null;
    }

    /// <summary>Every identity that made or asked for the change, with the role that bars it (the requester's role wins).</summary>
    public static IReadOnlyDictionary<string, string> Roles(DeployContext context)
    {
        var roles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? identity, string role)
        {
            if (string.IsNullOrWhiteSpace(identity)) return;
            foreach (var i in ApprovalCounter.IdentitiesOf(identity)) roles.TryAdd(i, role);
        }
        var commit = context.Commit;
        var coAuthors = CommitTrailers.Values(commit?.Message, "Co-authored-by").Select(SplitNameAndEmail).ToList();
        var agent = new[] { commit?.Author, commit?.AuthorEmail, context.PullRequest?.Author }
            .Concat(coAuthors.SelectMany(c => new[] { c.Name, c.Email }))
            .FirstOrDefault(i => i is not null && IsCodingAgent(i));
        if (agent is not null)
        {
            // An agent's change is the request of the humans beside it: its human co-authors, author and PR opener.
            var asked = $"asked a coding agent ({agent}) for this change";
            foreach (var (name, email) in coAuthors.Where(c => !(c.Name is { } n && IsCodingAgent(n)) && !(c.Email is { } e && IsCodingAgent(e))))
            {
                Add(name, asked);
                Add(email, asked);
            }
            if (commit?.Author is { } a && !IsCodingAgent(a) && !(commit.AuthorEmail is { } ae && IsCodingAgent(ae)))
            {
                Add(a, asked);
                Add(commit.AuthorEmail, asked);
            }
            if (context.PullRequest?.Author is { } opener && !IsCodingAgent(opener)) Add(opener, asked);
        }
        Add(context.PullRequest?.Author, "opened the pull request");
        Add(commit?.Author, "authored the commit");
        Add(commit?.AuthorEmail, "authored the commit");
        Add(commit?.Committer, "committed it");
        Add(commit?.CommitterEmail, "committed it");
        foreach (var (name, email) in coAuthors)
        {
            Add(name, "co-authored the commit");
            Add(email, "co-authored the commit");
        }
        Add(context.Actor, "triggered the run");
        Add(context.TriggeringActor, "triggered the run");
        return roles;
    }

    /// <summary>GitHub App and Azure build identities: "name[bot]", "Project Collection Build Service (org)".</summary>
    public static bool IsBotName(string user) =>
        user.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ||
        user.Contains("Build Service", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] s_agentEmails = ["noreply@anthropic.com", "cursoragent@cursor.com", "noreply@aider.chat"];

    private static readonly string[] s_agentLogins =
        ["copilot-swe-agent", "copilot", "devin-ai-integration", "chatgpt-codex-connector", "google-labs-jules"];

    /// <summary>A coding agent's name, login or commit e-mail (Claude, Cursor, aider, Copilot, Devin, Codex, Jules).</summary>
    public static bool IsCodingAgent(string identity)
    {
        var id = identity.Trim();
        if (s_agentEmails.Any(e => id.Equals(e, StringComparison.OrdinalIgnoreCase))) return true;
        if (id.EndsWith("(aider)", StringComparison.OrdinalIgnoreCase)) return true;
        var login = id.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ? id[..^5] : id;
        if (login.EndsWith("@users.noreply.github.com", StringComparison.OrdinalIgnoreCase))
        {
            login = login[..login.IndexOf('@', StringComparison.Ordinal)];
            var plus = login.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0) login = login[(plus + 1)..];
        }
        return s_agentLogins.Any(a => login.Equals(a, StringComparison.OrdinalIgnoreCase));
    }

    private static (string? Name, string? Email) SplitNameAndEmail(string trailer)
    {
        var lt = trailer.IndexOf('<', StringComparison.Ordinal);
        var gt = trailer.IndexOf('>', StringComparison.Ordinal);
        return lt >= 0 && gt > lt ? (trailer[..lt].Trim(), trailer[(lt + 1)..gt].Trim()) : (trailer.Trim(), null);
    }
}
