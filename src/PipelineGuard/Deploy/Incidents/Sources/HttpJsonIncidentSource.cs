using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: http-json</c>: any JSON list of incidents, read through a mapping of dotted paths.</summary>
/// <param name="TokenHeader">The header the token goes in as-is; null: Authorization: Bearer.</param>
public sealed record HttpJsonIncidentSource(Uri Url, HttpJsonMapping Mapping, string? TokenHeader) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "http-json",
        "source: http-json\nurl: https://incidents.example.com/open\ntoken_env: INCIDENTS_TOKEN",
        [
            ("url", "the endpoint"),
            ("token_header", "the header the token is sent in as-is (default: Authorization: Bearer)"),
            ("mapping", "{ items, id, impact, status, services, title, url } dotted paths"),
            IncidentSourceKeys.TokenEnv, IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries,
        ],
        [],
        Parse);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts => [Url.GetLeftPart(UriPartial.Path)];

    protected override IEnumerable<string?> KeyParts => [Url.AbsoluteUri, TokenHeader, Mapping.ToString()];

    private static HttpJsonIncidentSource? Parse(YamlMap map, PolicyParseContext context)
    {
        var url = IncidentSourceKeys.Url(map, required: true);
        var tokenHeader = map.String("token_header");
        var mapping = ParseMapping(map);
        return url is null ? null : IncidentSourceKeys.WithShared(new HttpJsonIncidentSource(url, mapping, tokenHeader), map);
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

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel) =>
        new HttpJsonSource(context.Transport, Url, Mapping, context.Token(this, required: true), TokenHeader).GetIncidentsAsync(cancel);
}
