using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Incidents.Sources;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>What an unreadable incident source means: block (the default) or a warning.</summary>
public enum IncidentErrorPolicy { Block, Allow }

/// <summary>The options of an <c>incident</c> rule.</summary>
/// <param name="Source">Where incidents come from.</param>
/// <param name="BlockOn">Impact levels that trip the rule (default major, critical).</param>
/// <param name="Services">Globs of services whose incidents count; empty: every incident.</param>
/// <param name="OnError">What an unreadable source means.</param>
public sealed record IncidentOptions(IncidentSource Source, IReadOnlySet<string> BlockOn, GlobSet Services, IncidentErrorPolicy OnError)
{
    /// <summary>Status-page component names (any case) to the service names they stand for.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Components { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The <c>incident</c> check: trips while an open incident of a blocking impact affects the
/// services the rule names (every service by default). It reads what the incident fetcher stored in the facts before evaluation;
/// an unreadable source is a finding (blocking by default), never a silent pass.
/// </summary>
public sealed class IncidentCheck(IncidentOptions options) : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        "incident",
        "No deploy while an open incident of a blocking impact affects the service.",
        "Deploying into an ongoing incident mixes a new change into the investigation and can make the outage worse or harder to diagnose.",
        "Wait until the incident is resolved, or lift the block with the rule's override if this deploy is the fix.",
        [
            ("source", string.Join(" | ", IncidentSourceKinds.All.Keys) + "; default context (the context file's incidents)."),
            .. SourceKeyDocs(),
            ("block_on", "Impact levels that block: minor, major, critical (default major, critical)."),
            ("services", "Globs of the services (components) whose incidents count; default every incident. Incidents naming no service always count."),
            ("components", "A map from status-page component names to service names ({ \"Payments API\": payments }): an incident naming services counts only when one of them is the deployed service; one naming none counts for every service; with no service known every incident counts."),
            ("on_error", "block (default) | allow: what an unreadable source means; allow still reports a warning."),
        ],
        """
        - id: no-deploy-during-incident
          description: No production deploy while the status page shows a major incident.
          severity: high
          enforcement: block
          when: { environments: [production] }
          incident:
            source: statuspage
            url: https://status.example.com
            block_on: [major, critical]
            on_error: block
          override:
            trailer: Guard-Override
        """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public IncidentOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    /// <summary>The token variables its source may read: their values are cut out of every report.</summary>
    public IReadOnlyList<string> SecretVariables => Options.Source.TokenVariables;

    /// <summary>The key its fetched result is stored under: every source key and on_error, so rules differing in any never share a result.</summary>
    public string FetchKey => Options.Source.Key + "\u001f" + (Options.OnError == IncidentErrorPolicy.Allow ? "allow" : "block");

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var source = Options.Source;
        IReadOnlyList<Incident> incidents;
        if (!source.IsFetched)
        {
            incidents = facts.Context.Incidents;
        }
        else if (!facts.IncidentSources.TryGetValue(FetchKey, out var result) || result.Error is not null)
        {
            var error = result?.Error ?? "it was not fetched before evaluation";
            yield return new Violation(
                $"Incident source {source.Identity} could not be read: {error}.",
                Target.Deployment,
                "incident-source:" + source.Identity,
                Enforcement: Options.OnError == IncidentErrorPolicy.Allow ? Enforcement.Warn : null)
            {
                Remediation = Options.OnError == IncidentErrorPolicy.Allow
                    ? "The rule allows deploys when its source is unreadable (on_error: allow); check the source's URL and token."
                    : "Fix the source's URL or token, or set on_error: allow if an unreadable source should not block.",
            };
            yield break;
        }
        else
        {
            incidents = result.Incidents;
        }

        foreach (var incident in incidents)
        {
            if (IncidentImpact.IsClosed(incident.Status)) continue;
            if (!Options.BlockOn.Contains(incident.Impact)) continue;
            if (!Affects(incident)) continue;
            if (!AffectsDeployedService(incident, facts.Context.Service)) continue;
            var services = incident.Services.Count > 0 ? $" affecting {string.Join(", ", incident.Services)}" : "";
            var title = incident.Title is null ? "" : $": {incident.Title}";
            var url = incident.Url is null ? "" : $" ({incident.Url})";
            yield return new Violation(
                $"Open {incident.Impact} incident {incident.Id} ({incident.Status}){services}{title}{url}.",
                Target.Deployment,
                "incident:" + incident.Id);
        }
    }

    /// <summary>
    /// Without <c>services</c> every incident counts: a component name that differs from the deploy's
    /// service name must not make a real outage pass silently. An incident naming no service is page-wide.
    /// </summary>
    private bool Affects(Incident incident) =>
        incident.Services.Count == 0 || Options.Services.MatchesEverything || incident.Services.Any(Options.Services.IsMatch);

    /// <summary>
    /// An incident naming services counts only when one of them (through <c>components</c>) is the deployed
    /// service; an incident naming none is page-wide, and with no service known every incident counts.
    /// </summary>
    private bool AffectsDeployedService(Incident incident, string? deployed)
    {
        if (string.IsNullOrWhiteSpace(deployed) || incident.Services.Count == 0) return true;
        return incident.Services
            .SelectMany(s => Options.Components.TryGetValue(s.Trim(), out var mapped) ? mapped : [s])
            .Any(s => string.Equals(s.Trim(), deployed.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static readonly Dictionary<string, IncidentErrorPolicy> s_onError = new(StringComparer.Ordinal)
    {
        ["block"] = IncidentErrorPolicy.Block,
        ["allow"] = IncidentErrorPolicy.Allow,
    };

    /// <summary>Each kind's position in the registry, so <see cref="YamlMap.Word{T}"/> reads the word and names the choices.</summary>
    private static readonly Dictionary<string, int> s_kindIndex =
        IncidentSourceKinds.All.Keys.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

    /// <summary>Every key any kind accepts; a kind that does not accept one reports it as unused.</summary>
    private static readonly string[] s_sourceKeys = AllSourceKeys();

    private static string[] AllSourceKeys() => [.. IncidentSourceKinds.All.Values.SelectMany(k => k.Keys).Select(k => k.Key).Distinct(StringComparer.Ordinal)];

    private static readonly string[] s_keys = ["source", .. s_sourceKeys, "block_on", "services", "on_error", "components"];

    /// <summary>
    /// The reference's line per source key: the kinds' own keys in registry order, then the shared ones once;
    /// a key whose meaning differs by kind says each ("statuspage: ...; pagerduty: ...").
    /// </summary>
    private static IEnumerable<(string Key, string Meaning)> SourceKeyDocs()
    {
        var kinds = IncidentSourceKinds.All.Values.ToList();
        var shared = IncidentSourceKeys.Shared.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        // Info is built before the static fields below, so the keys are gathered here.
        foreach (var key in AllSourceKeys().Where(k => !shared.Contains(k)))
        {
            var meanings = kinds.SelectMany(kind => kind.Keys.Where(k => k.Key == key).Select(k => $"{kind.Name}: {k.Meaning}"));
            yield return (key, string.Join("; ", meanings) + ".");
        }
        var defaults = kinds.Where(k => k.DefaultTokenVariables.Count > 0).Select(k => $"{k.Name} {string.Join(", ", k.DefaultTokenVariables)}");
        yield return (IncidentSourceKeys.TokenEnv.Key, $"{IncidentSourceKeys.TokenEnv.Meaning}; without it: {string.Join(", ", defaults)}.");
        yield return (IncidentSourceKeys.Timeout.Key, IncidentSourceKeys.Timeout.Meaning + ".");
        yield return (IncidentSourceKeys.Retries.Key, IncidentSourceKeys.Retries.Meaning + ".");
    }

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var kind = map.Word("source", s_kindIndex) is { } index ? IncidentSourceKinds.All.Values.ElementAt(index) : ContextIncidentSource.Definition;
        foreach (var key in s_sourceKeys)
        {
            if (!map.Has(key) || kind.Accepts(key)) continue;
            map.Raw(key);
            map.Error(key, $"'{key}' is not used by the {kind.Name} source");
        }
        // A source whose required keys were wrong has its errors reported: the policy does not load, so it never runs.
        var source = kind.Parse(map, context) ?? new ContextIncidentSource();

        var blockOn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, node) in map.StringListWithNodes("block_on"))
        {
            if (value is IncidentImpact.Minor or IncidentImpact.Major or IncidentImpact.Critical) blockOn.Add(value);
            else context.Error(node, $"{map.What}: 'block_on' items are minor, major or critical, not '{value}'");
        }
        if (!map.Has("block_on")) blockOn.UnionWith([IncidentImpact.Major, IncidentImpact.Critical]);

        var services = map.Globs("services", ignoreCase: true);
        var onError = map.Word("on_error", s_onError) ?? IncidentErrorPolicy.Block;
        var components = ParseComponents(map);
        map.RejectUnknownKeys(s_keys);
        return new IncidentCheck(new IncidentOptions(source, blockOn, services, onError) { Components = components });
    }

    /// <summary>components: { "Component name": service } or { "Component name": [service, ...] }.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ParseComponents(YamlMap map)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var m = map.Map("components");
        if (m is null) return result;
        foreach (var name in m.Keys.ToList())
        {
            var services = m.Raw(name) is YamlSequenceNode ? m.StringList(name) : m.String(name) is { } one ? [one] : [];
            if (services.Count == 0) m.Error(name, $"'components' maps a component name to a service name or a list of them; '{name}' has none");
            else result[name.Trim()] = [.. services.Select(s => s.Trim())];
        }
        return result;
    }
}
