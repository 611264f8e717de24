using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Clients;

/// <summary>
/// The Azure DevOps REST calls the guard makes (api-version 7.1): PR reviewer votes, WIQL and
/// the work-items batch. Auth is HTTP Basic with an empty user and the token, which works for a
/// PAT and for System.AccessToken alike.
/// </summary>
public sealed class AzureDevOpsClient(ApiTransport transport, string? token)
{
    internal ApiTransport Transport => transport;

    private const string ApiVersion = "api-version=7.1";
    private const int WorkItemBatch = 200;
    private const int MaxWorkItems = 1000;

    /// <summary>Reviewer votes as decisions: 10 approved, 5 approved with suggestions, -5 waiting for author, -10 rejected; groups are skipped (their vote mirrors a member's).</summary>
    public async Task<IReadOnlyList<Approval>> GetReviewerVotesAsync(Uri collectionUri, string project, string repositoryId, int pullRequestId, CancellationToken cancel)
    {
        var url = new Uri($"{Base(collectionUri)}/{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repositoryId)}/pullRequests/{pullRequestId}/reviewers?{ApiVersion}");
        var (list, _) = await transport.GetJsonAsync(() => Request(HttpMethod.Get, url), ApiJsonContext.Default.AzureListAzureReviewer, cancel).ConfigureAwait(false);
        return ReviewerDecisions(list.Value ?? []);
    }

    /// <summary>The PR creator's unique name (usually the e-mail), so the author's own vote is recognised.</summary>
    public async Task<string?> GetPullRequestAuthorAsync(Uri collectionUri, string project, string repositoryId, int pullRequestId, CancellationToken cancel)
    {
        var url = new Uri($"{Base(collectionUri)}/{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repositoryId)}/pullRequests/{pullRequestId}?{ApiVersion}");
        var (pr, _) = await transport.GetJsonAsync(() => Request(HttpMethod.Get, url), ApiJsonContext.Default.AzurePullRequest, cancel).ConfigureAwait(false);
        return pr.CreatedBy?.UniqueName ?? pr.CreatedBy?.DisplayName;
    }

    public static IReadOnlyList<Approval> ReviewerDecisions(IEnumerable<AzureReviewer> reviewers) =>
    [
        .. reviewers
            .Where(r => !r.IsContainer && r.Vote != 0 && (r.UniqueName ?? r.DisplayName) is not null)
            .Select(r => new Approval(r.UniqueName ?? r.DisplayName!, r.Vote switch
            {
                10 or 5 => "approved",
                -5 => "waiting_for_author",
                _ => "rejected",
            }, "azure-devops")),
    ];

    /// <summary>Runs a WIQL query under <paramref name="projectUrl"/> (https://dev.azure.com/org/project) and fetches the items as incidents.</summary>
    public async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(Uri projectUrl, string wiql, CancellationToken cancel)
    {
        var root = Base(projectUrl);
        var wiqlUrl = new Uri($"{root}/_apis/wit/wiql?{ApiVersion}&$top={MaxWorkItems}");
        var (result, _) = await transport.GetJsonAsync(() =>
        {
            var m = Request(HttpMethod.Post, wiqlUrl);
            m.Content = JsonContent.Create(new WiqlQuery(wiql), ApiJsonContext.Default.WiqlQuery);
            return m;
        }, ApiJsonContext.Default.WiqlResult, cancel).ConfigureAwait(false);

        var ids = (result.WorkItems ?? []).Select(w => w.Id).Distinct().Take(MaxWorkItems).ToList();
        var incidents = new List<Incident>();
        foreach (var batch in ids.Chunk(WorkItemBatch))
        {
            var itemsUrl = new Uri($"{root}/_apis/wit/workitems?ids={string.Join(',', batch)}" +
                "&fields=System.Id,System.Title,System.State,System.Tags,Microsoft.VSTS.Common.Severity,Microsoft.VSTS.Common.Priority" +
                $"&errorPolicy=omit&{ApiVersion}");
            var (items, _) = await transport.GetJsonAsync(() => Request(HttpMethod.Get, itemsUrl), ApiJsonContext.Default.AzureListAzureWorkItem, cancel).ConfigureAwait(false);
            incidents.AddRange((items.Value ?? []).Where(w => w is not null).Select(w => ToIncident(w, root)));
        }
        return [.. incidents.Where(i => !IncidentImpact.IsClosed(i.Status))];
    }

    private static Incident ToIncident(AzureWorkItem item, string root)
    {
        var fields = item.Fields ?? new Dictionary<string, JsonElement>();
        string? Field(string name) => fields.TryGetValue(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
        var tags = (Field("System.Tags") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var impact = IncidentImpact.Normalise(Field("Microsoft.VSTS.Common.Severity"))
            ?? IncidentImpact.FromLabels(tags)
            ?? IncidentImpact.Normalise(Field("Microsoft.VSTS.Common.Priority") is { } p ? "priority " + p : null)
            ?? IncidentImpact.Major;
        return new Incident(item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), impact, Field("System.State") ?? "open", IncidentImpact.ServicesFromLabels(tags))
        {
            Title = Field("System.Title"),
            Url = $"{root}/_workitems/edit/{item.Id}",
        };
    }

    internal HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var message = new HttpRequestMessage(method, uri);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(token))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + token)));
        }
        return message;
    }

    internal static string Base(Uri uri) => uri.AbsoluteUri.TrimEnd('/');
}
