using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Rules;

/// <summary>One side of an <c>actor</c> rule: users, teams, and whether bots are included.</summary>
public sealed record ActorList(IReadOnlyList<string> Users, IReadOnlyList<string> Teams, bool? Bots)
{
    /// <summary>Coding agents (globs over agent names such as claude, copilot, devin; "*" is any agent) whose changes this list names.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    public bool IsEmpty => Users.Count == 0 && Teams.Count == 0 && Bots is null && Agents.Count == 0;

    /// <summary>Whether this list names the agent.</summary>
    public bool NamesAgent(string agent) => Agents.Any(a => Glob.Parse(a, ignoreCase: true).IsMatch(agent));

    /// <summary>Whether the list says anything about who triggered the run (not only agents).</summary>
    public bool NamesActors => Users.Count > 0 || Teams.Count > 0 || Bots is not null;

    public bool Matches(string actor, IReadOnlyDictionary<string, IReadOnlySet<string>> teams) =>
        (Bots == true && ActorCheck.IsBot(actor)) || ApprovalCounter.IsAllowed(actor, Teams, Users, teams);

    public string Describe() => string.Join(", ", Users.Concat(Teams.Select(t => "team " + t)).Concat(Bots is true ? ["bots"] : []).Concat(Agents.Select(a => "agent " + a)));
}

/// <summary>The options of an <c>actor</c> rule: deny wins over allow.</summary>
public sealed record ActorOptions(ActorList? Allow, ActorList? Deny);

/// <summary>
/// The <c>actor</c> check on who triggered the run: denied users, teams or bots trip it; with an
/// allow list anyone not on it trips it, and <c>bots: false</c> in allow shuts bots out even if listed.
/// Bots are logins ending in [bot] and well-known CI service accounts.
/// </summary>
public sealed class ActorCheck(ActorOptions options) : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        "actor",
        "Only the allowed people (or bots) may deploy; denied ones never.",
        "Production deploys should be started by the on-call team or the release bot, not by anyone with push access.",
        "Ask someone on the allow list to run the deploy.",
        [
            ("allow", "{ users, teams, bots: true|false }: who may deploy; anyone else trips the rule."),
            ("deny", "{ users, teams, bots: true|false }: who may never deploy (wins over allow)."),
            ("allow.agents / deny.agents", "coding agents (claude, cursor, aider, copilot, devin, codex, jules, ...; \"*\" any) whose changes may (or may never) be deployed here, judged on the change's provenance: commit trailers (Co-authored-by, Assisted-by, Generated-by, Agent-Logs-Url), authors and the pull request's opener. The markers are data: extend them with the policy's top-level agents key. A change without a marker is not proven human-made."),
        ],
        """
        - id: prod-deployers
          description: Only the platform team and the release bot deploy to production.
          severity: high
          enforcement: block
          when: { environments: [production] }
          actor:
            allow: { teams: [platform], users: ["release-bot[bot]"] }
            deny: { users: [intern-account], agents: [devin] }
        """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public ActorOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    /// <summary>Service accounts of the common CI systems, matched case-insensitively.</summary>
    private static readonly HashSet<string> s_knownBots = new(StringComparer.OrdinalIgnoreCase)
    {
        "github-actions", "dependabot", "renovate", "renovate-bot", "github-merge-queue", "web-flow", "copilot",
        "Azure Pipelines", "Project Collection Build Service", "Microsoft.VisualStudio.Services.TFS", "jenkins", "SYSTEM",
    };

    public static bool IsBot(string? actor)
    {
        if (string.IsNullOrWhiteSpace(actor)) return false;
        var a = actor.Trim();
        if (a.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase)) return true;
        if (s_knownBots.Contains(a)) return true;
        // Azure DevOps build identities read "Project Collection Build Service (org)" or "<project> Build Service (org)".
        return a.Contains("Build Service (", StringComparison.OrdinalIgnoreCase);
    }

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        if (Options.Allow?.Agents.Count > 0 || Options.Deny?.Agents.Count > 0)
        {
            var provenance = ChangeProvenance.Of(facts.Context, facts.Agents);
            foreach (var evidence in provenance.Evidence)
            {
                if (Options.Deny is { } d && d.NamesAgent(evidence.Agent))
                {
                    yield return new Violation($"the change was made by the coding agent '{evidence.Agent}' ({evidence.Where}), which may not deploy here (denied: {d.Describe()}).",
                        Target.Deployment, "actor:agent-denied:" + evidence.Agent);
                    yield break;
                }
                if (Options.Allow is { Agents.Count: > 0 } a && !a.NamesAgent(evidence.Agent))
                {
                    yield return new Violation($"the change was made by the coding agent '{evidence.Agent}' ({evidence.Where}), which is not allowed to deploy here; allowed: {a.Describe()}.",
                        Target.Deployment, "actor:agent-not-allowed:" + evidence.Agent);
                    yield break;
                }
            }
            if (!provenance.Known && Options.Deny?.Agents.Count > 0)
            {
                yield return new Violation("whether a coding agent made this change cannot be told (no commit or pull request in the context), so the agent deny list cannot be checked.",
                    Target.Deployment, "actor:agent-unknown", Indeterminate: true);
            }
        }
        if (Options.Allow is { NamesActors: false } && Options.Deny is null or { NamesActors: false }) yield break;
        var actor = facts.Context.Actor;
        if (actor is null)
        {
            if (Options.Allow is { NamesActors: true })
            {
                yield return new Violation("Who triggered this run is not known (no CI variable, --actor or context file gave it), so the allow list cannot be checked.", Target.Deployment, "actor:unknown");
            }
            yield break;
        }
        // Deny first: on a re-run both the original actor and the one who re-ran it are judged.
        var actors = new[] { actor, facts.Context.TriggeringActor }.OfType<string>().ToList();
        foreach (var a in actors)
        {
            if (Options.Deny is { NamesActors: true } deny && deny.Matches(a, facts.Teams))
            {
                yield return new Violation($"{a} may not deploy here (denied: {deny.Describe()}).", Target.Deployment, "actor:denied:" + a);
                yield break;
            }
        }
        if (Options.Allow is not { NamesActors: true } allow) yield break;
        foreach (var a in actors)
        {
            var bot = IsBot(a);
            var allowed = (bot, allow.Bots) switch
            {
                (true, false) => false,
                (true, true) => true,
                // Only a bots setting: "bots: false" admits every human, "bots: true" admits bots only.
                _ when allow.Users.Count == 0 && allow.Teams.Count == 0 => allow.Bots == false,
                _ => allow.Matches(a, facts.Teams),
            };
            if (!allowed)
            {
                var why = allow.Bots == false && bot ? " (bots are not allowed)" : "";
                yield return new Violation($"{a} is not allowed to deploy here{why}; allowed: {allow.Describe()}.", Target.Deployment, "actor:not-allowed:" + a);
            }
        }
    }

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var allow = ParseList(map, "allow");
        var deny = ParseList(map, "deny");
        if (allow is null && deny is null) context.Error(map.Position, $"{map.What}: give 'allow', 'deny' or both");
        map.RejectUnknownKeys(["allow", "deny"]);
        return new ActorCheck(new ActorOptions(allow, deny));
    }

    private static ActorList? ParseList(YamlMap map, string key)
    {
        var m = map.Map(key);
        if (m is null) return null;
        var list = new ActorList(m.StringList("users"), m.StringList("teams"), m.Bool("bots")) { Agents = m.StringList("agents") };
        foreach (var (agent, node) in m.StringListWithNodes("agents"))
        {
            if (Glob.TryParse(agent, true, out var error) is null) map.Context.Error(node, $"{m.What}: 'agents': {error}");
        }
        m.RejectUnknownKeys(["users", "teams", "bots", "agents"]);
        if (list.IsEmpty) map.Error(key, $"'{key}' names nobody: give users, teams, bots or agents");
        return list;
    }
}
