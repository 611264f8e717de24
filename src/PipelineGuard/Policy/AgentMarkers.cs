namespace PipelineGuard.Policy;

/// <summary>How a marker is recognised: a co-author / author e-mail or name, a trailer key, an account login.</summary>
public enum AgentMarkerKind { Email, Name, Trailer, Account }

/// <summary>One sign that a coding agent made a change, and the agent it names. In <see cref="Pattern"/> only <c>*</c> is a wildcard (logins hold [bot] literally); compared without case.</summary>
public sealed record AgentMarker(AgentMarkerKind Kind, string Pattern, string Agent)
{
    private readonly StarPattern _pattern = new(Pattern);

    public bool IsMatch(string value) => _pattern.IsMatch(value.Trim());
}

/// <summary>
/// A pattern where only <c>*</c> is a wildcard (any run of characters, line breaks included), matched
/// whole and without case. Matched directly, not through a regex: nothing to build at start-up, nothing to time out.
/// </summary>
internal sealed class StarPattern(string pattern)
{
    public bool IsMatch(string value)
    {
        // The classic wildcard walk: on a mismatch, let the last '*' take one more character.
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && Same(pattern[p], value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}

/// <summary>
/// The list of agent markers: data, extended by the policy's top-level <c>agents</c> key. Dependency
/// bots (dependabot, renovate) are not agents: they are kept apart, so a rule on agent-made changes
/// does not catch a version bump. Absence of every marker proves nothing: a person can paste an
/// agent's output, or remove the trailer.
/// </summary>
public sealed partial class AgentMarkers
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
        login is not null && DependencyBots.Any(b => new StarPattern(b).IsMatch(login.Trim()));

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
