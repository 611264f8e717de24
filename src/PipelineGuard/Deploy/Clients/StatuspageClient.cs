using System.Net.Http.Headers;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Clients;

/// <summary>Reads an Atlassian Statuspage's public <c>/api/v2/summary.json</c>: unresolved incidents with impact and components.</summary>
public sealed class StatuspageClient(ApiTransport transport)
{
    /// <summary>The summary URL for a page given as its root (https://status.example.com) or as the summary.json URL itself.</summary>
    public static Uri SummaryUrl(Uri page) =>
        page.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? page
            : new Uri(page.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/v2/summary.json");

    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(Uri page, CancellationToken cancel)
    {
        var url = SummaryUrl(page);
        var (summary, _) = await transport.GetJsonAsync(() =>
        {
            var m = new HttpRequestMessage(HttpMethod.Get, url);
            m.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return m;
        }, ApiJsonContext.Default.StatuspageSummary, cancel).ConfigureAwait(false);
        return ToIncidents(summary);
    }

    /// <summary>Unresolved incidents; each names its affected components as services.</summary>
    public static IReadOnlyList<Incident> ToIncidents(StatuspageSummary summary) =>
    [
        .. (summary.Incidents ?? [])
            .Where(i => !IncidentImpact.IsClosed(i.Status))
            .Select(i => new Incident(
                i.Id ?? "(no id)",
                IncidentImpact.Normalise(i.Impact) ?? IncidentImpact.None,
                i.Status ?? "investigating",
                [.. (i.Components ?? []).Select(c => c.Name).OfType<string>()])
            {
                Title = i.Name,
                Url = i.Shortlink,
            }),
    ];
}
