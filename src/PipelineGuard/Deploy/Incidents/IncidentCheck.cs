using System.Globalization;
using PipelineGuard.Deploy.Clients;
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
            ("source", "context (the context file's incidents, default) | file | statuspage | github-issues | azure-boards | pagerduty | http-json."),
            ("path", "file: a JSON file { \"incidents\": [...] } or a Statuspage summary.json; relative to the policy file."),
            ("url", "statuspage: the page or its summary.json; azure-boards: https://dev.azure.com/ORG/PROJECT; pagerduty: API base (default https://api.pagerduty.com); http-json: the endpoint."),
            ("repository", "github-issues: owner/name (default: the deploy's repository)."),
            ("labels", "github-issues: labels an issue must carry (default [incident])."),
            ("query", "azure-boards: the WIQL query selecting open incident work items."),
            ("token_env", "The environment variable holding the API token (never the token itself)."),
            ("token_header", "http-json: the header the token is sent in as-is (default: Authorization: Bearer)."),
            ("statuses", "pagerduty: statuses to ask for (default triggered, acknowledged)."),
            ("service_ids", "pagerduty: PagerDuty service ids to ask for (default all)."),
            ("mapping", "http-json: { items, id, impact, status, services, title, url } dotted paths."),
            ("timeout", "Per-attempt timeout such as 10s or 500ms (default 10s)."),
            ("retries", "Retries after a failed attempt (default 2)."),
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

    /// <summary>The key its fetched result is stored under: every source key and on_error, so rules differing in any never share a result.</summary>
    public string FetchKey => Options.Source.Key + "\u001f" + (Options.OnError == IncidentErrorPolicy.Allow ? "allow" : "block");

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var source = Options.Source;
        IReadOnlyList<Incident> incidents;
        if (source.Kind == IncidentSourceKind.Context)
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

    private static readonly Dictionary<string, IncidentSourceKind> s_kinds = new(StringComparer.Ordinal)
    {
        ["context"] = IncidentSourceKind.Context,
        ["file"] = IncidentSourceKind.File,
        ["statuspage"] = IncidentSourceKind.Statuspage,
        ["github-issues"] = IncidentSourceKind.GitHubIssues,
        ["azure-boards"] = IncidentSourceKind.AzureBoards,
        ["pagerduty"] = IncidentSourceKind.PagerDuty,
        ["http-json"] = IncidentSourceKind.HttpJson,
    };

    private static readonly Dictionary<string, IncidentErrorPolicy> s_onError = new(StringComparer.Ordinal)
    {
        ["block"] = IncidentErrorPolicy.Block,
        ["allow"] = IncidentErrorPolicy.Allow,
    };

    private static readonly string[] s_keys =
    [
        "source", "path", "url", "repository", "labels", "query", "token_env", "token_header", "statuses", "service_ids",
        "mapping", "timeout", "retries", "block_on", "services", "on_error", "components",
    ];

    /// <summary>Which source keys each kind uses; any other source key is an error.</summary>
    private static readonly Dictionary<IncidentSourceKind, string[]> s_kindKeys = new()
    {
        [IncidentSourceKind.Context] = [],
        [IncidentSourceKind.File] = ["path"],
        [IncidentSourceKind.Statuspage] = ["url", "timeout", "retries"],
        [IncidentSourceKind.GitHubIssues] = ["repository", "labels", "token_env", "timeout", "retries"],
        [IncidentSourceKind.AzureBoards] = ["url", "query", "token_env", "timeout", "retries"],
        [IncidentSourceKind.PagerDuty] = ["url", "token_env", "statuses", "service_ids", "timeout", "retries"],
        [IncidentSourceKind.HttpJson] = ["url", "token_env", "token_header", "mapping", "timeout", "retries"],
    };

    private static readonly string[] s_sourceKeys =
        ["path", "url", "repository", "labels", "query", "token_env", "token_header", "statuses", "service_ids", "mapping", "timeout", "retries"];

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var kind = map.Word("source", s_kinds) ?? IncidentSourceKind.Context;
        var kindWord = IncidentSource.KindWord(kind);
        foreach (var key in s_sourceKeys)
        {
            if (!map.Has(key) || s_kindKeys[kind].Contains(key)) continue;
            map.Raw(key);
            map.Error(key, $"'{key}' is not used by a {kindWord} source");
        }

        string? path = null;
        if (kind == IncidentSourceKind.File)
        {
            path = map.String("path", required: true);
            if (path is not null) path = Path.GetFullPath(Path.Combine(context.Folder, path));
        }

        Uri? url = null;
        if (map.Has("url") || kind is IncidentSourceKind.Statuspage or IncidentSourceKind.AzureBoards or IncidentSourceKind.HttpJson)
        {
            var text = map.String("url", required: true);
            if (text is not null)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "https" or "http") url = u;
                else map.Error("url", $"'{text}' is not an absolute http(s) URL");
            }
        }

        var repository = map.String("repository");
        if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            map.Error("repository", $"'{repository}' is not a repository name owner/name");
        }

        var query = kind == IncidentSourceKind.AzureBoards ? map.String("query", required: true) : map.String("query");
        var tokenEnv = map.String("token_env");
        if (tokenEnv is not null && !tokenEnv.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            map.Error("token_env", $"'token_env' names an environment variable (letters, digits, _), not '{tokenEnv}'; never put the token itself in a policy");
        }

        var labels = map.StringList("labels");
        var source = new IncidentSource(kind)
        {
            Path = path,
            Url = url,
            Repository = repository,
            Labels = kind == IncidentSourceKind.GitHubIssues && labels.Count == 0 ? ["incident"] : labels,
            Query = query,
            TokenEnv = tokenEnv,
            TokenHeader = map.String("token_header"),
            Statuses = map.StringList("statuses"),
            ServiceIds = map.StringList("service_ids"),
            Mapping = ParseMapping(map),
            Timeout = ParseTimeout(map),
            Retries = map.Integer("retries", 0, 5) is { } r ? (int)r : null,
        };

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

    private static HttpJsonMapping ParseMapping(YamlMap map)
    {
        var m = map.Map("mapping");
        if (m is null) return HttpJsonMapping.Default;
        var d = HttpJsonMapping.Default;
        var mapping = new HttpJsonMapping(
            m.String("items"),
            m.String("id") ?? d.Id,
            m.String("impact") ?? d.Impact,
            m.String("status") ?? d.Status,
            m.String("services") ?? d.Services,
            m.String("title") ?? d.Title,
            m.String("url") ?? d.Url);
        m.RejectUnknownKeys(["items", "id", "impact", "status", "services", "title", "url"]);
        return mapping;
    }

    /// <summary>"10s", "500ms", "1m" or a bare number of seconds; between 100 ms and 5 minutes.</summary>
    private static TimeSpan? ParseTimeout(YamlMap map)
    {
        var node = map.Raw("timeout");
        if (node is null) return null;
        var text = (node as YamlScalarNode)?.Value?.Trim() ?? "";
        TimeSpan? value = null;
        if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)) value = TimeSpan.FromMilliseconds(ms);
        else if (text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) value = TimeSpan.FromSeconds(s);
        else if (text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)) value = TimeSpan.FromMinutes(min);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)) value = TimeSpan.FromSeconds(bare);
        if (value is { } v && v >= TimeSpan.FromMilliseconds(100) && v <= TimeSpan.FromMinutes(5)) return v;
        map.Context.Error(node, $"{map.What}: 'timeout' must be a duration between 100ms and 5m such as 10s or 500ms, not '{text}'");
        return null;
    }
}
