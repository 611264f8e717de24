using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary>
/// <c>source: opsgenie</c>: open alerts from the Opsgenie Alert API (<c>GET /v2/alerts?query=status:open</c>), offset paging.
/// Impact from priority: P1 critical, P2 major, P3-P5 minor; services from <c>service:NAME</c> tags.
/// </summary>
/// <param name="Url">The API base; null: https://api.opsgenie.com (EU accounts: https://api.eu.opsgenie.com).</param>
/// <param name="Tags">Tags an alert must carry, all of them (default none).</param>
/// <param name="Priorities">Priorities to ask for, P1-P5 (default all).</param>
public sealed record OpsgenieIncidentSource(Uri? Url, IReadOnlyList<string> Tags, IReadOnlyList<string> Priorities) : IncidentSource
{
    public const string DefaultApiUrl = "https://api.opsgenie.com";
    private const int PageSize = 100;

    public static IncidentSourceKind Definition { get; } = new(
        "opsgenie",
        "source: opsgenie\ntags: [production]",
        [
            ("url", "API base (default https://api.opsgenie.com; EU: https://api.eu.opsgenie.com)"),
            ("tags", "tags an alert must carry, all of them (default none)"),
            ("priorities", "priorities to ask for, P1 to P5 (default all)"),
            IncidentSourceKeys.TokenEnv, IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries,
        ],
        ["OPSGENIE_API_KEY"],
        Parse);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts =>
    [
        Url?.GetLeftPart(UriPartial.Path),
        Tags.Count > 0 ? "tags=" + string.Join(',', Tags) : null,
        Priorities.Count > 0 ? "priorities=" + string.Join(',', Priorities) : null,
    ];

    protected override IEnumerable<string?> KeyParts => [Url?.AbsoluteUri, Joined(Tags), Joined(Priorities)];

    private static OpsgenieIncidentSource Parse(YamlMap map, PolicyParseContext context)
    {
        var url = IncidentSourceKeys.Url(map, required: false);
        var tags = map.StringList("tags");
        // Tags go into the search query unquoted: a character that could change the query is refused, not escaped by guess.
        foreach (var tag in tags.Where(t => t.Length == 0 || !t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/')))
        {
            map.Error("tags", $"'{tag}' is not a tag the search query can hold (letters, digits, - _ . : /)");
        }
        var priorities = map.StringList("priorities").Select(p => p.ToUpperInvariant()).ToList();
        foreach (var priority in priorities.Where(p => p is not ("P1" or "P2" or "P3" or "P4" or "P5")))
        {
            map.Error("priorities", $"'priorities' items are P1 to P5, not '{priority}'");
        }
        return IncidentSourceKeys.WithShared(new OpsgenieIncidentSource(url, tags, priorities), map);
    }

    /// <summary>status:open, every tag, and any of the priorities, in Opsgenie's search syntax.</summary>
    public string Query =>
        string.Join(" AND ", Enumerable.Repeat("status:open", 1)
            .Concat(Tags.Select(t => "tag:" + t))
            .Concat(Priorities.Count > 0 ? ["(" + string.Join(" OR ", Priorities.Select(p => "priority:" + p)) + ")"] : []));

    public override async Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel)
    {
        var token = context.Token(this, required: true)!;
        var alerts = $"{(Url ?? new Uri(DefaultApiUrl)).AbsoluteUri.TrimEnd('/')}/v2/alerts";
        var incidents = new List<Incident>();
        for (var page = 0; ; page++)
        {
            if (page >= context.Transport.Options.MaxPages) throw new ApiException($"GET {alerts}: more than {context.Transport.Options.MaxPages} pages");
            var url = new Uri($"{alerts}?query={Uri.EscapeDataString(Query)}&limit={PageSize}&offset={(page * PageSize).ToString(CultureInfo.InvariantCulture)}");
            using var response = await context.Transport.SendAsync(() => Request(url, token), cancel).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
            var (matching, alertsOnPage) = Read(bytes, "GET " + alerts);
            incidents.AddRange(matching);
            if (alertsOnPage < PageSize) break;
        }
        // The server filters already; filtering here too means a query it ignored cannot let other alerts through unseen or block on them.
        return [.. incidents.Where(i => !IncidentImpact.IsClosed(i.Status))];
    }

    private static HttpRequestMessage Request(Uri url, string token)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, url);
        m.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        m.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", token);
        return m;
    }

    /// <summary>One page <c>{ "data": [ { id, tinyId, message, status, priority, tags, ... } ] }</c>; any other shape is an error naming what is wrong.</summary>
    public (IReadOnlyList<Incident> Incidents, int Alerts) Read(byte[] body, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new ApiException($"{what}: 'data' is not a JSON array of alerts");
            }
            var incidents = new List<Incident>();
            var index = 0;
            foreach (var alert in data.EnumerateArray())
            {
                index++;
                var incident = ToIncident(alert, $"{what}: alert {index.ToString(CultureInfo.InvariantCulture)}");
                if (Matches(alert)) incidents.Add(incident);
            }
            return (incidents, index);
        }
        catch (JsonException ex)
        {
            throw new ApiException($"{what}: malformed JSON ({ex.Message})", null, ex);
        }
    }

    private static Incident ToIncident(JsonElement alert, string what)
    {
        if (alert.ValueKind != JsonValueKind.Object) throw new ApiException($"{what} is not a JSON object");
        var id = Required(alert, "id", what);
        var message = Required(alert, "message", what);
        var status = Required(alert, "status", what);
        var priority = Required(alert, "priority", what);
        var impact = priority.ToUpperInvariant() is "P1" or "P2" or "P3" or "P4" or "P5"
            ? IncidentImpact.Normalise(priority)!
            : throw new ApiException($"{what}: 'priority' is '{priority}', not P1 to P5");
        var acknowledged = alert.TryGetProperty("acknowledged", out var ack) && ack.ValueKind == JsonValueKind.True;
        var tags = TagsOf(alert, what);
        return new Incident(id, impact, acknowledged && status == "open" ? "acknowledged" : status, IncidentImpact.ServicesFromLabels(tags))
        {
            Title = alert.TryGetProperty("tinyId", out var tiny) && tiny.ValueKind == JsonValueKind.String ? $"#{tiny.GetString()} {message}" : message,
        };
    }

    /// <summary>Only alerts of the asked priorities carrying every asked tag count, whatever the server returned.</summary>
    private bool Matches(JsonElement alert)
    {
        var priority = alert.GetProperty("priority").GetString()!.ToUpperInvariant();
        if (Priorities.Count > 0 && !Priorities.Contains(priority)) return false;
        var tags = TagsOf(alert, "");
        return Tags.All(t => tags.Contains(t, StringComparer.OrdinalIgnoreCase));
    }

    private static string Required(JsonElement alert, string name, string what) =>
        alert.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new ApiException($"{what} has no '{name}' string");

    private static IReadOnlyList<string> TagsOf(JsonElement alert, string what)
    {
        if (!alert.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null) return [];
        if (tags.ValueKind != JsonValueKind.Array || tags.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw new ApiException($"{what}: 'tags' is not a list of strings");
        }
        return [.. tags.EnumerateArray().Select(t => t.GetString()!)];
    }
}
