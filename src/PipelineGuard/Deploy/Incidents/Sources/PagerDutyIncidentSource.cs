using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: pagerduty</c>: REST API v2 incidents of the given statuses and services.</summary>
/// <param name="Url">The API base; null: https://api.pagerduty.com.</param>
public sealed record PagerDutyIncidentSource(Uri? Url, IReadOnlyList<string> Statuses, IReadOnlyList<string> ServiceIds) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "pagerduty",
        "source: pagerduty",
        [
            ("url", "API base (default https://api.pagerduty.com)"),
            ("statuses", "statuses to ask for (default triggered, acknowledged)"),
            ("service_ids", "PagerDuty service ids to ask for (default all)"),
            IncidentSourceKeys.TokenEnv, IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries,
        ],
        ["PAGERDUTY_TOKEN"],
        (map, _) =>
        {
            // Read in key order, so a wrong url does not hide a wrong token_env.
            var url = IncidentSourceKeys.Url(map, required: false);
            var source = new PagerDutyIncidentSource(url, map.StringList("statuses"), map.StringList("service_ids"));
            return IncidentSourceKeys.WithShared(source, map);
        });

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts =>
    [
        Url?.GetLeftPart(UriPartial.Path),
        Statuses.Count > 0 ? "statuses=" + string.Join(',', Statuses) : null,
        ServiceIds.Count > 0 ? "service_ids=" + string.Join(',', ServiceIds) : null,
    ];

    protected override IEnumerable<string?> KeyParts => [Url?.AbsoluteUri, Joined(Statuses), Joined(ServiceIds)];

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel)
    {
        var client = new PagerDutyClient(context.Transport, Url ?? new Uri(PagerDutyClient.DefaultApiUrl), context.Token(this, required: true));
        return client.GetIncidentsAsync(Statuses, ServiceIds, cancel);
    }
}
