using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>
/// Reads every incident source once, in parallel, and records its incidents or its error. Errors
/// are kept as text for the finding; a token never appears in them (it is read only to build a header).
/// </summary>
public sealed class IncidentFetcher(HttpClient http, IReadOnlyDictionary<string, string> env, ApiCallOptions defaults)
{
    /// <summary>Fetches each source once per fetch key (<see cref="IncidentCheck.FetchKey"/>): sources that differ in any key are fetched apart.</summary>
    public async Task<IReadOnlyDictionary<string, IncidentSourceResult>> FetchAsync(IEnumerable<(string Key, IncidentSource Source)> sources, DeployContext context, CancellationToken cancel)
    {
        var distinct = sources.Where(s => s.Source.Kind != IncidentSourceKind.Context)
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        var results = await Task.WhenAll(distinct.Select(async s => (s.Key, Result: await FetchOneAsync(s.Source, context, cancel).ConfigureAwait(false)))).ConfigureAwait(false);
        return results.ToDictionary(r => r.Key, r => r.Result, StringComparer.Ordinal);
    }

    public async Task<IncidentSourceResult> FetchOneAsync(IncidentSource source, DeployContext context, CancellationToken cancel)
    {
        try
        {
            return IncidentSourceResult.Read(await ReadAsync(source, context, cancel).ConfigureAwait(false));
        }
        catch (ApiException ex)
        {
            return IncidentSourceResult.Failed(ex.Message);
        }
        catch (InputException ex)
        {
            return IncidentSourceResult.Failed(ex.Message);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return IncidentSourceResult.Failed("the request was cancelled");
        }
    }

    private async Task<IReadOnlyList<Incident>> ReadAsync(IncidentSource source, DeployContext context, CancellationToken cancel)
    {
        var transport = new ApiTransport(http, source.CallOptions(defaults));
        switch (source.Kind)
        {
            case IncidentSourceKind.File:
                return await ReadFileAsync(source.Path!, cancel).ConfigureAwait(false);
            case IncidentSourceKind.Statuspage:
                return await new StatuspageClient(transport).GetIncidentsAsync(source.Url!, cancel).ConfigureAwait(false);
            case IncidentSourceKind.GitHubIssues:
            {
                var repository = source.Repository ?? context.Repository
                    ?? throw new ApiException("no repository: set 'repository' on the source (owner/name) or run on GitHub Actions");
                var client = new GitHubClient(transport, GitHubClient.ApiBaseFrom(env), Token(source, "GITHUB_TOKEN", required: false));
                return await client.GetOpenIssueIncidentsAsync(repository, source.Labels, cancel).ConfigureAwait(false);
            }
            case IncidentSourceKind.AzureBoards:
            {
                var client = new AzureDevOpsClient(transport, Token(source, "SYSTEM_ACCESSTOKEN", required: false));
                return await client.QueryIncidentsAsync(source.Url!, source.Query!, cancel).ConfigureAwait(false);
            }
            case IncidentSourceKind.PagerDuty:
            {
                var client = new PagerDutyClient(transport, source.Url ?? new Uri(PagerDutyClient.DefaultApiUrl), Token(source, "PAGERDUTY_TOKEN", required: true));
                return await client.GetIncidentsAsync(source.Statuses, source.ServiceIds, cancel).ConfigureAwait(false);
            }
            case IncidentSourceKind.HttpJson:
            {
                var token = source.TokenEnv is null ? null : Token(source, source.TokenEnv, required: true);
                return await new HttpJsonSource(transport, source.Url!, source.Mapping, token, source.TokenHeader).GetIncidentsAsync(cancel).ConfigureAwait(false);
            }
            default:
                return context.Incidents;
        }
    }

    /// <summary>A file source holds the context file's incident shape, or a Statuspage summary.json (recognised by its "page").</summary>
    public static async Task<IReadOnlyList<Incident>> ReadFileAsync(string path, CancellationToken cancel)
    {
        byte[] bytes;
        if (Inputs.InputLimits.Problem(path, Inputs.InputKind.IncidentFile, out _) is { } problem) throw new ApiException($"{path}: {problem}");
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApiException($"cannot read {path}: {ex.Message}", null, ex);
        }
        if (LooksLikeStatuspage(bytes))
        {
            try
            {
                var summary = JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.StatuspageSummary)
                    ?? throw new ApiException($"{path}: the file is JSON null");
                return StatuspageClient.ToIncidents(summary);
            }
            catch (JsonException ex)
            {
                throw new ApiException($"{path}: not a Statuspage summary ({ex.Message})", null, ex);
            }
        }
        return Context.ContextFile.ParseIncidentFile(bytes, path);
    }

    private static bool LooksLikeStatuspage(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("page", out _);
        }
        catch (JsonException)
        {
            // The positioned reader reports malformed JSON with its line and column.
            return false;
        }
    }

    private string? Token(IncidentSource source, string defaultVariable, bool required)
    {
        var variable = source.TokenEnv ?? defaultVariable;
        if (env.TryGetValue(variable, out var token) && !string.IsNullOrWhiteSpace(token)) return token.Trim();
        if (required || source.TokenEnv is not null)
        {
            throw new ApiException($"the environment variable {variable} (token_env) is not set or empty");
        }
        return null;
    }
}
