using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>
/// A generic JSON endpoint read through a field mapping: <c>items</c> is the dotted path to the
/// array (empty: the body is the array), and id/impact/status/services/title/url are dotted paths in each item.
/// </summary>
public sealed class HttpJsonSource(ApiTransport transport, Uri url, HttpJsonMapping mapping, string? token, string? tokenHeader)
{
    public async Task<IReadOnlyList<Incident>> GetIncidentsAsync(CancellationToken cancel)
    {
        using var response = await transport.SendAsync(Request, cancel).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return Map(doc.RootElement, mapping, "GET " + url.GetLeftPart(UriPartial.Path));
        }
        catch (JsonException ex)
        {
            throw new ApiException($"GET {url.GetLeftPart(UriPartial.Path)}: malformed JSON ({ex.Message})", null, ex);
        }
    }

    /// <summary>Maps a parsed body to incidents; a missing array or a wrong type is an error naming the path.</summary>
    public static IReadOnlyList<Incident> Map(JsonElement root, HttpJsonMapping mapping, string what)
    {
        var items = mapping.Items is { Length: > 0 } path ? Select(root, path) : root;
        if (items is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new ApiException($"{what}: '{mapping.Items ?? "(the body)"}' is not a JSON array of incidents");
        }
        var incidents = new List<Incident>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            var id = Text(Select(item, mapping.Id)) ?? index.ToString(CultureInfo.InvariantCulture);
            var rawImpact = mapping.Impact is null ? null : Text(Select(item, mapping.Impact));
            var status = mapping.Status is null ? null : Text(Select(item, mapping.Status));
            var services = mapping.Services is null ? [] : Strings(Select(item, mapping.Services));
            incidents.Add(new Incident(id, IncidentImpact.Normalise(rawImpact) ?? IncidentImpact.Major, status ?? "open", services)
            {
                Title = mapping.Title is null ? null : Text(Select(item, mapping.Title)),
                Url = mapping.Url is null ? null : Text(Select(item, mapping.Url)),
            });
        }
        return [.. incidents.Where(i => !IncidentImpact.IsClosed(i.Status))];
    }

    private static JsonElement? Select(JsonElement element, string path)
    {
        var current = element;
        foreach (var step in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current)) return null;
        }
        return current;
    }

    private static string? Text(JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.String => e.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.Value.GetRawText(),
        _ => null,
    };

    private static IReadOnlyList<string> Strings(JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.Array => [.. e.Value.EnumerateArray().Select(x => Text(x)).OfType<string>()],
        JsonValueKind.String => [e.Value.GetString()!],
        _ => [],
    };

    private HttpRequestMessage Request()
    {
        var m = new HttpRequestMessage(HttpMethod.Get, url);
        m.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(token))
        {
            if (tokenHeader is null) m.Headers.Authorization = ApiTransport.Bearer(token);
            else ApiTransport.SetCredentialHeader(m, tokenHeader, token);
        }
        return m;
    }
}

/// <summary>How an <c>http-json</c> source's items map to incidents: dotted paths into each item.</summary>
public sealed record HttpJsonMapping(string? Items, string Id, string? Impact, string? Status, string? Services, string? Title, string? Url)
{
    public static HttpJsonMapping Default { get; } = new(null, "id", "impact", "status", "services", "title", "url");
}
