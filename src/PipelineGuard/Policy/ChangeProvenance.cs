using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>One marker found: which agent, and where (safe to print).</summary>
public sealed record AgentEvidence(string Agent, string Where);

/// <summary>
/// Whether a coding agent made the change being deployed, with the evidence, and who asked for it
/// (the human co-author or author of an agent commit, the assignees or opener of an agent's pull request).
/// </summary>
public sealed record ChangeProvenance(IReadOnlyList<AgentEvidence> Evidence, IReadOnlyList<string> Requesters, bool Known)
{
    public bool MadeByAgent => Evidence.Count > 0;

    public IReadOnlyList<string> Agents => [.. Evidence.Select(e => e.Agent).Distinct(StringComparer.OrdinalIgnoreCase)];

    public string Describe() => MadeByAgent ? string.Join("; ", Evidence.Select(e => $"{e.Agent} ({e.Where})")) : "no agent marker";

    public static ChangeProvenance Of(DeployContext context, AgentMarkers markers)
    {
        var evidence = new List<AgentEvidence>();
        var requesters = new List<string>();
        var commit = context.Commit;
        var pr = context.PullRequest;
        var known = commit is not null || pr is not null;
        void Found(string agent, string where)
        {
            if (!evidence.Any(e => e.Where == where)) evidence.Add(new AgentEvidence(agent, where));
        }
        string? AgentOfPerson(string? name, string? email, string? login)
        {
            if (login is not null && markers.IsDependencyBot(login)) return null;
            return (email is null ? null : markers.AgentOf(AgentMarkerKind.Email, email))
                ?? (name is null ? null : markers.AgentOf(AgentMarkerKind.Name, name))
                ?? (login is null ? null : markers.AgentOf(AgentMarkerKind.Account, login));
        }
        var humans = new List<string>();
        if (commit is not null)
        {
            if (AgentOfPerson(commit.Author, commit.AuthorEmail, commit.Author) is { } byAuthor)
            {
                Found(byAuthor, $"commit author {commit.Author}{(commit.AuthorEmail is null ? "" : $" <{commit.AuthorEmail}>")}");
            }
            else if (commit.Author is not null && !markers.IsDependencyBot(commit.Author))
            {
                humans.Add(commit.Author);
                if (commit.AuthorEmail is not null) humans.Add(commit.AuthorEmail);
            }
            foreach (var trailer in CommitTrailers.Parse(commit.Message))
            {
                if (trailer.Key.Equals("Co-authored-by", StringComparison.OrdinalIgnoreCase))
                {
                    var (name, email) = SplitPerson(trailer.Value);
                    if (AgentOfPerson(name, email, name) is { } agent) Found(agent, $"commit trailer Co-authored-by: {trailer.Value}");
                    else
                    {
                        humans.Add(name);
                        if (email is not null) humans.Add(email);
                    }
                }
                else if (markers.AgentOf(AgentMarkerKind.Trailer, trailer.Key) is { } agent)
                {
                    var named = agent == "*" ? NameIn(trailer.Value, markers) : agent;
                    Found(named, $"commit trailer {trailer.Key}: {Short(trailer.Value)}");
                }
            }
        }
        if (pr?.Author is { } prAuthor)
        {
            if (!markers.IsDependencyBot(prAuthor) && markers.AgentOf(AgentMarkerKind.Account, prAuthor) is { } agent)
            {
                Found(agent, $"pull request opened by {prAuthor}");
                // The people the agent's pull request is assigned to asked for it.
                requesters.AddRange(pr.Assignees.Where(a => markers.AgentOf(AgentMarkerKind.Account, a) is null));
            }
            else if (!markers.IsDependencyBot(prAuthor))
            {
                humans.Add(prAuthor);
            }
        }
        if (evidence.Count > 0)
        {
            // An agent's commit or pull request: its human author, co-authors and the opener asked for it.
            requesters.AddRange(humans);
        }
        return new ChangeProvenance(evidence, [.. requesters.Distinct(StringComparer.OrdinalIgnoreCase)], known);
    }

    private static string NameIn(string value, AgentMarkers markers)
    {
        // "Assisted-by: Claude <noreply@anthropic.com>", "Generated-by: GitHub Copilot", "Agent-Logs-Url: https://...".
        var (name, email) = SplitPerson(value);
        if ((email is null ? null : markers.AgentOf(AgentMarkerKind.Email, email)) is { } byEmail) return byEmail;
        foreach (var m in markers.Markers.Where(m => m.Kind != AgentMarkerKind.Trailer && m.Agent != "*"))
        {
            if (name.Contains(m.Agent, StringComparison.OrdinalIgnoreCase)) return m.Agent;
        }
        return "agent";
    }

    private static string Short(string value) => value.Length > 80 ? value[..77] + "..." : value;

    /// <summary>"Name &lt;email&gt;" into its parts.</summary>
    public static (string Name, string? Email) SplitPerson(string value)
    {
        var lt = value.IndexOf('<', StringComparison.Ordinal);
        var gt = value.IndexOf('>', StringComparison.Ordinal);
        return lt >= 0 && gt > lt ? (value[..lt].Trim(), value[(lt + 1)..gt].Trim()) : (value.Trim(), null);
    }
}
