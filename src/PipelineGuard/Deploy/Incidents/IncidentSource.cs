using PipelineGuard.Deploy.Clients;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>Where an <c>incident</c> rule reads open incidents from.</summary>
public enum IncidentSourceKind { Context, File, Statuspage, GitHubIssues, AzureBoards, PagerDuty, HttpJson }

/// <summary>How an <c>http-json</c> source's items map to incidents: dotted paths into each item.</summary>
public sealed record HttpJsonMapping(string? Items, string Id, string? Impact, string? Status, string? Services, string? Title, string? Url)
{
    public static HttpJsonMapping Default { get; } = new(null, "id", "impact", "status", "services", "title", "url");
}

/// <summary>
/// One incident source as a policy names it. Its <see cref="Identity"/> keys the fetched result in
/// the evaluation facts, so two rules naming the same source share one fetch.
/// </summary>
public sealed record IncidentSource(IncidentSourceKind Kind)
{
    /// <summary>file: the absolute path (relative paths were resolved against the policy file's folder).</summary>
    public string? Path { get; init; }
    public Uri? Url { get; init; }
    /// <summary>github-issues: owner/name.</summary>
    public string? Repository { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>azure-boards: the WIQL query.</summary>
    public string? Query { get; init; }
    /// <summary>The environment variable holding the token; the token itself is never kept here.</summary>
    public string? TokenEnv { get; init; }
    /// <summary>http-json: the header the token goes in as-is; without it the token is sent as a Bearer token.</summary>
    public string? TokenHeader { get; init; }
    /// <summary>pagerduty: statuses to ask for (default triggered, acknowledged).</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];
    /// <summary>pagerduty: service ids to ask for (default all).</summary>
    public IReadOnlyList<string> ServiceIds { get; init; } = [];
    public HttpJsonMapping Mapping { get; init; } = HttpJsonMapping.Default;
    public TimeSpan? Timeout { get; init; }
    public int? Retries { get; init; }

    public static string KindWord(IncidentSourceKind kind) => kind switch
    {
        IncidentSourceKind.Context => "context",
        IncidentSourceKind.File => "file",
        IncidentSourceKind.Statuspage => "statuspage",
        IncidentSourceKind.GitHubIssues => "github-issues",
        IncidentSourceKind.AzureBoards => "azure-boards",
        IncidentSourceKind.PagerDuty => "pagerduty",
        _ => "http-json",
    };

    /// <summary>"statuspage https://status.example.com", "github-issues acme/app labels=incident": names the source in findings, never a token.</summary>
    public string Identity
    {
        get
        {
            var parts = new List<string> { KindWord(Kind) };
            if (Path is not null) parts.Add(Path);
            if (Url is not null) parts.Add(Url.GetLeftPart(UriPartial.Path));
            if (Repository is not null) parts.Add(Repository);
            if (Labels.Count > 0) parts.Add("labels=" + string.Join(',', Labels));
            if (Query is not null) parts.Add("query=" + Query);
            if (Statuses.Count > 0) parts.Add("statuses=" + string.Join(',', Statuses));
            if (ServiceIds.Count > 0) parts.Add("service_ids=" + string.Join(',', ServiceIds));
            return string.Join(' ', parts);
        }
    }

    /// <summary>
    /// Every key of the source, the URL with its query included: two sources that differ in any of them
    /// (query, mapping, token variable or header, timeout) are fetched apart.
    /// </summary>
    public string Key => string.Join('\u001f',
    [
        KindWord(Kind), Path ?? "", Url?.AbsoluteUri ?? "", Repository ?? "", string.Join('\u001e', Labels), Query ?? "",
        TokenEnv ?? "", TokenHeader ?? "", string.Join('\u001e', Statuses), string.Join('\u001e', ServiceIds), Mapping.ToString(),
        Timeout?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Retries?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    ]);

    /// <summary>The call options for this source: its own timeout and retries over the run's defaults.</summary>
    public ApiCallOptions CallOptions(ApiCallOptions defaults) => defaults with
    {
        Timeout = Timeout ?? defaults.Timeout,
        Retries = Retries ?? defaults.Retries,
    };
}
