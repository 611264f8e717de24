using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy;

/// <summary>How a marker is recognised: a co-author / author e-mail or name, a trailer key, an account login.</summary>
public enum AgentMarkerKind { Email, Name, Trailer, Account }

/// <summary>One sign that a coding agent made a change, and the agent it names. In <see cref="Pattern"/> only <c>*</c> is a wildcard (logins hold [bot] literally); compared without case.</summary>
public sealed record AgentMarker(AgentMarkerKind Kind, string Pattern, string Agent)
{
    private readonly System.Text.RegularExpressions.Regex _regex = StarPattern.Of(Pattern);

    public bool IsMatch(string value) => _regex.IsMatch(value.Trim());
}

/// <summary>A pattern where only <c>*</c> is a wildcard, matched whole and without case.</summary>
internal static class StarPattern
{
    public static System.Text.RegularExpressions.Regex Of(string pattern) =>
        new("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(200));
}

/// <summary>
/// The list of agent markers: data, extended by the policy's top-level <c>agents</c> key. Dependency
/// bots (dependabot, renovate) are not agents: they are kept apart, so a rule on agent-made changes
/// does not catch a version bump. Absence of every marker proves nothing: a person can paste an
/// agent's output, or remove the trailer.
/// </summary>
public sealed class AgentMarkers
{
    public static AgentMarkers BuiltIn { get; } = new(
    [
        new(AgentMarkerKind.Email, "noreply@anthropic.com", "claude"),
        new(AgentMarkerKind.Name, "Claude", "claude"),
        new(AgentMarkerKind.Name, "Claude Code", "claude"),
        new(AgentMarkerKind.Account, "claude[bot]", "claude"),
        new(AgentMarkerKind.Email, "cursoragent@cursor.com", "cursor"),
        new(AgentMarkerKind.Name, "Cursor Agent", "cursor"),
        new(AgentMarkerKind.Account, "cursor[bot]", "cursor"),
        new(AgentMarkerKind.Email, "noreply@aider.chat", "aider"),
        new(AgentMarkerKind.Name, "* (aider)", "aider"),
        new(AgentMarkerKind.Account, "copilot-swe-agent[bot]", "copilot"),
        new(AgentMarkerKind.Account, "copilot-swe-agent", "copilot"),
        new(AgentMarkerKind.Email, "*+Copilot@users.noreply.github.com", "copilot"),
        new(AgentMarkerKind.Name, "Copilot", "copilot"),
        new(AgentMarkerKind.Account, "devin-ai-integration[bot]", "devin"),
        new(AgentMarkerKind.Email, "*+devin-ai-integration[bot]@users.noreply.github.com", "devin"),
        new(AgentMarkerKind.Account, "chatgpt-codex-connector[bot]", "codex"),
        new(AgentMarkerKind.Email, "*+chatgpt-codex-connector[bot]@users.noreply.github.com", "codex"),
        new(AgentMarkerKind.Account, "google-labs-jules[bot]", "jules"),
        new(AgentMarkerKind.Email, "*+google-labs-jules[bot]@users.noreply.github.com", "jules"),
        new(AgentMarkerKind.Account, "amazon-q-developer[bot]", "amazon-q"),
        new(AgentMarkerKind.Account, "openhands-agent", "openhands"),
        new(AgentMarkerKind.Email, "openhands@all-hands.dev", "openhands"),
        new(AgentMarkerKind.Trailer, "Assisted-by", "*"),
        new(AgentMarkerKind.Trailer, "Generated-by", "*"),
        new(AgentMarkerKind.Trailer, "Agent-Logs-Url", "*"),
    ], ["dependabot[bot]", "dependabot", "renovate[bot]", "renovate", "renovate-bot", "dependabot-preview[bot]", "snyk-bot", "mend-bolt-for-github[bot]"]);

    public AgentMarkers(IReadOnlyList<AgentMarker> markers, IReadOnlyList<string> dependencyBots)
    {
        Markers = markers;
        DependencyBots = dependencyBots;
    }

    public IReadOnlyList<AgentMarker> Markers { get; }

    /// <summary>Bots that bump dependencies: not agents.</summary>
    public IReadOnlyList<string> DependencyBots { get; }

    public AgentMarkers With(IEnumerable<AgentMarker> more, IEnumerable<string> moreDependencyBots) =>
        new([.. Markers, .. more], [.. DependencyBots, .. moreDependencyBots]);

    public bool IsDependencyBot(string? login) =>
        login is not null && DependencyBots.Any(b => StarPattern.Of(b).IsMatch(login.Trim()));

    public string? AgentOf(AgentMarkerKind kind, string value) =>
        Markers.FirstOrDefault(m => m.Kind == kind && m.IsMatch(value))?.Agent;

    /// <summary>The policy's <c>agents</c> key: <c>{ accounts, emails, names, trailers: [...], dependency_bots: [...] }</c>; an entry is a glob or <c>{ match, agent }</c>.</summary>
    internal static (List<AgentMarker> Markers, List<string> DependencyBots) Parse(YamlMap map)
    {
        var markers = new List<AgentMarker>();
        foreach (var (key, kind) in new[] { ("accounts", AgentMarkerKind.Account), ("emails", AgentMarkerKind.Email), ("names", AgentMarkerKind.Name), ("trailers", AgentMarkerKind.Trailer) })
        {
            foreach (var (value, node) in map.StringListWithNodes(key))
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                var pattern = eq > 0 ? value[..eq].Trim() : value.Trim();
                var agent = eq > 0 ? value[(eq + 1)..].Trim() : kind == AgentMarkerKind.Trailer ? "*" : pattern.Trim('*', '[', ']', '@', '.', '+').ToLowerInvariant();
                if (pattern.Length == 0) map.Context.Error(node, $"{map.What}: '{key}': an empty pattern matches nothing");
                else markers.Add(new AgentMarker(kind, pattern, agent));
            }
        }
        var bots = map.StringList("dependency_bots").ToList();
        map.RejectUnknownKeys(["accounts", "emails", "names", "trailers", "dependency_bots"]);
        return (markers, bots);
    }
}

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
