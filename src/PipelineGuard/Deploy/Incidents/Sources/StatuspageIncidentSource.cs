using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: statuspage</c>: an Atlassian Statuspage's public summary.json (no token).</summary>
public sealed record StatuspageIncidentSource(Uri Url) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "statuspage",
        "source: statuspage\nurl: https://status.example.com",
        [("url", "the page or its summary.json"), IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries],
        [],
        (map, _) => IncidentSourceKeys.Url(map, required: true) is { } url
            ? IncidentSourceKeys.WithShared(new StatuspageIncidentSource(url), map)
            : null);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts => [Url.GetLeftPart(UriPartial.Path)];

    protected override IEnumerable<string?> KeyParts => [Url.AbsoluteUri];

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel) =>
        new StatuspageClient(context.Transport).GetIncidentsAsync(Url, cancel);
}
