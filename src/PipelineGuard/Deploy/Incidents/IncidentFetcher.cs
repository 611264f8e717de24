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
        var distinct = sources.Where(s => s.Source.IsFetched)
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

    private Task<IReadOnlyList<Incident>> ReadAsync(IncidentSource source, DeployContext context, CancellationToken cancel) =>
        source.FetchAsync(new IncidentFetchContext(new ApiTransport(http, source.CallOptions(defaults)), env, context), cancel);
}
