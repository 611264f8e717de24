using System.Globalization;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Clients;

/// <summary>
/// PagerDuty REST API v2 <c>GET /incidents</c> with offset paging. Impact: priority P1 is critical,
/// P2 major, lower priorities minor; without a priority, high urgency is major and low urgency minor.
/// </summary>
public sealed class PagerDutyClient(ApiTransport transport, Uri apiBase, string? token)
{
    public const string DefaultApiUrl = "https://api.pagerduty.com";
    private const int PageSize = 100;

    public static IReadOnlyList<string> OpenStatuses { get; } = ["triggered", "acknowledged"];

    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(IReadOnlyList<string> statuses, IReadOnlyList<string> serviceIds, CancellationToken cancel)
    {
        var filter = string.Concat((statuses.Count > 0 ? statuses : OpenStatuses).Select(s => "&statuses[]=" + Uri.EscapeDataString(s)))
                     + string.Concat(serviceIds.Select(s => "&service_ids[]=" + Uri.EscapeDataString(s)));
        var incidents = new List<Incident>();
        for (int offset = 0, page = 0; ; offset += PageSize, page++)
        {
            if (page >= transport.Options.MaxPages) throw new ApiException($"GET {apiBase.AbsoluteUri.TrimEnd('/')}/incidents: more than {transport.Options.MaxPages} pages");
            var url = new Uri($"{apiBase.AbsoluteUri.TrimEnd('/')}/incidents?limit={PageSize}&offset={offset.ToString(CultureInfo.InvariantCulture)}{filter}");
            var (result, _) = await transport.GetJsonAsync(() => Request(url), ApiJsonContext.Default.PagerDutyIncidentPage, cancel).ConfigureAwait(false);
            incidents.AddRange((result.Incidents ?? []).Select(ToIncident));
            if (!result.More || (result.Incidents?.Count ?? 0) == 0) break;
        }
        return [.. incidents.Where(i => !IncidentImpact.IsClosed(i.Status))];
    }

    private static Incident ToIncident(PagerDutyIncident i)
    {
        var impact = i.Priority?.Summary is { } p && IncidentImpact.Normalise(p) is { } fromPriority
            ? fromPriority
            : string.Equals(i.Urgency, "high", StringComparison.OrdinalIgnoreCase) ? IncidentImpact.Major : IncidentImpact.Minor;
        var services = new[] { i.Service?.Summary, i.Service?.Id }.OfType<string>().ToList();
        return new Incident(i.IncidentNumber > 0 ? i.IncidentNumber.ToString(CultureInfo.InvariantCulture) : i.Id ?? "(no id)", impact, i.Status ?? "triggered", services)
        {
            Title = i.Title,
            Url = i.HtmlUrl,
        };
    }

    private HttpRequestMessage Request(Uri uri)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");
        if (!string.IsNullOrEmpty(token)) message.Headers.TryAddWithoutValidation("Authorization", "Token token=" + token);
        return message;
    }
}
