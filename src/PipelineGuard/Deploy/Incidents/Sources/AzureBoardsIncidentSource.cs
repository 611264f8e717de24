using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: azure-boards</c>: the work items a WIQL query selects in an Azure DevOps project.</summary>
/// <param name="Url">https://dev.azure.com/ORG/PROJECT.</param>
/// <param name="Query">The WIQL query selecting open incident work items.</param>
public sealed record AzureBoardsIncidentSource(Uri Url, string Query) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "azure-boards",
        "source: azure-boards\nurl: https://dev.azure.com/contoso/Ops\nquery: SELECT [System.Id] FROM WorkItems",
        [
            ("url", "https://dev.azure.com/ORG/PROJECT"),
            ("query", "the WIQL query selecting open incident work items"),
            IncidentSourceKeys.TokenEnv, IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries,
        ],
        ["SYSTEM_ACCESSTOKEN"],
        Parse);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts => [Url.GetLeftPart(UriPartial.Path), "query=" + Query];

    protected override IEnumerable<string?> KeyParts => [Url.AbsoluteUri, Query];

    private static AzureBoardsIncidentSource? Parse(YamlMap map, PolicyParseContext context)
    {
        var url = IncidentSourceKeys.Url(map, required: true);
        var query = map.String("query", required: true);
        return url is null || query is null ? null : IncidentSourceKeys.WithShared(new AzureBoardsIncidentSource(url, query), map);
    }

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel) =>
        new AzureDevOpsClient(context.Transport, context.Token(this, required: false)).QueryIncidentsAsync(Url, Query, cancel);
}
