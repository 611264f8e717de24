using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Clients;

/// <summary>
/// The few GitHub REST calls the guard makes: PR reviews, team members and labelled issues.
/// The base URL comes from GITHUB_API_URL, so GitHub Enterprise Server works unchanged.
/// </summary>
public sealed class GitHubClient(ApiTransport transport, Uri apiBase, string? token)
{
    internal ApiTransport Transport => transport;

    public const string DefaultApiUrl = "https://api.github.com";

    /// <summary>GITHUB_API_URL when set (Actions sets it, https://HOST/api/v3 on GHES), else api.github.com.</summary>
    public static Uri ApiBaseFrom(IReadOnlyDictionary<string, string> env) =>
        new(env.TryGetValue("GITHUB_API_URL", out var url) && !string.IsNullOrWhiteSpace(url) ? url : DefaultApiUrl);

    /// <summary>The PR's reviews reduced to one decision per reviewer (see <see cref="ReviewDecisions"/>).</summary>
    public async Task<IReadOnlyList<Approval>> GetReviewDecisionsAsync(string repository, int number, string? headSha, CancellationToken cancel)
    {
        var reviews = await GetPagedAsync(Url($"repos/{Repo(repository)}/pulls/{number}/reviews?per_page=100"),
            ApiJsonContext.Default.IReadOnlyListGitHubReview, cancel).ConfigureAwait(false);
        return ReviewDecisions(reviews, headSha);
    }

    /// <summary>
    /// The latest decisive review per user counts (a later comment does not undo an approval);
    /// a dismissed review is "dismissed" and an approval of an older commit than the head is "stale".
    /// </summary>
    public static IReadOnlyList<Approval> ReviewDecisions(IEnumerable<GitHubReview> reviews, string? headSha)
    {
        var latest = new Dictionary<string, GitHubReview>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var review in reviews.OrderBy(r => r.SubmittedAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.Id))
        {
            if (review.User?.Login is not { } login) continue;
            if (review.State is not ("APPROVED" or "CHANGES_REQUESTED" or "DISMISSED")) continue;
            if (!latest.ContainsKey(login)) order.Add(login);
            latest[login] = review;
        }
        return
        [
            .. order.Select(login =>
            {
                var r = latest[login];
                var state = r.State switch
                {
                    "APPROVED" when headSha is not null && r.CommitId is not null &&
                                    !string.Equals(r.CommitId, headSha, StringComparison.OrdinalIgnoreCase) => "stale",
                    "APPROVED" => "approved",
                    "CHANGES_REQUESTED" => "changes_requested",
                    _ => "dismissed",
                };
                return new Approval(login, state, "github");
            }),
        ];
    }

    /// <summary>
    /// The pull request a pushed commit came from (GET /repos/{owner}/{repo}/commits/{sha}/pulls): the one
    /// whose merge commit or head is this commit, else the first listed. Null when the commit has none.
    /// </summary>
    public async Task<PullRequestInfo?> FindPullRequestAsync(string repository, string sha, CancellationToken cancel)
    {
        var (pulls, _) = await transport.GetJsonAsync(() => Request(Url($"repos/{Repo(repository)}/commits/{Uri.EscapeDataString(sha)}/pulls?per_page=100")),
            ApiJsonContext.Default.IReadOnlyListGitHubPull, cancel).ConfigureAwait(false);
        var pull = pulls.FirstOrDefault(p => string.Equals(p.MergeCommitSha, sha, StringComparison.OrdinalIgnoreCase)
                                             || string.Equals(p.Head?.Sha, sha, StringComparison.OrdinalIgnoreCase))
                   ?? (pulls.Count > 0 ? pulls[0] : null);
        return pull is null ? null : new PullRequestInfo
        {
            Number = pull.Number,
            Author = pull.User?.Login,
            HeadSha = pull.Head?.Sha,
            Assignees = [.. (pull.Assignees ?? []).Select(a => a.Login).OfType<string>()],
        };
    }

    /// <summary>Logins of a team's members (GET /orgs/{org}/teams/{slug}/members; needs read:org).</summary>
    public async Task<IReadOnlyList<string>> GetTeamMembersAsync(string org, string teamSlug, CancellationToken cancel)
    {
        var users = await GetPagedAsync(Url($"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(teamSlug)}/members?per_page=100"),
            ApiJsonContext.Default.IReadOnlyListGitHubUser, cancel).ConfigureAwait(false);
        return [.. users.Select(u => u.Login).OfType<string>()];
    }

    /// <summary>Open issues carrying all the labels, pull requests dropped, as incidents.</summary>
    public async Task<IReadOnlyList<Incident>> GetOpenIssueIncidentsAsync(string repository, IReadOnlyList<string> labels, CancellationToken cancel)
    {
        var query = "state=open&per_page=100" + (labels.Count > 0 ? "&labels=" + Uri.EscapeDataString(string.Join(',', labels)) : "");
        var issues = await GetPagedAsync(Url($"repos/{Repo(repository)}/issues?{query}"),
            ApiJsonContext.Default.IReadOnlyListGitHubIssue, cancel).ConfigureAwait(false);
        return
        [
            .. issues
                .Where(i => i.PullRequest is null && !string.Equals(i.State, "closed", StringComparison.OrdinalIgnoreCase))
                .Select(i =>
                {
                    var names = (i.Labels ?? []).Select(l => l.Name).OfType<string>().ToList();
                    return new Incident($"{repository}#{i.Number}", IncidentImpact.FromLabels(names) ?? "major", "open", IncidentImpact.ServicesFromLabels(names))
                    {
                        Title = i.Title,
                        Url = i.HtmlUrl,
                    };
                }),
        ];
    }

    internal async Task<List<T>> GetPagedAsync<T>(Uri first, JsonTypeInfo<IReadOnlyList<T>> type, CancellationToken cancel)
    {
        var all = new List<T>();
        Uri? next = first;
        for (var page = 0; next is not null; page++)
        {
            if (page >= transport.Options.MaxPages)
            {
                throw new ApiException($"GET {first.GetLeftPart(UriPartial.Path)}: more than {transport.Options.MaxPages} pages");
            }
            var uri = next;
            var (items, headers) = await transport.GetJsonAsync(() => Request(uri), type, cancel).ConfigureAwait(false);
            all.AddRange(items);
            next = ApiTransport.NextLink(headers);
            // A next-page link to another host would carry the token there: paging stops with an error instead.
            if (next is not null && !ApiTransport.SameOrigin(first, next))
            {
                throw new ApiException($"GET {first.GetLeftPart(UriPartial.Path)}: the next page is on another host ({next.GetLeftPart(UriPartial.Path)}); a token is sent only to {first.Host}, so the link is refused");
            }
        }
        return all;
    }

    private HttpRequestMessage Request(Uri uri) => Request(HttpMethod.Get, uri);

    internal HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var message = new HttpRequestMessage(method, uri);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        message.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("pipeline-guard", "1.0"));
        if (!string.IsNullOrEmpty(token)) message.Headers.Authorization = ApiTransport.Bearer(token);
        return message;
    }

    internal Uri Url(string relative) => new(apiBase.AbsoluteUri.TrimEnd('/') + "/" + relative);

    internal static string Repo(string repository)
    {
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ApiException($"'{repository}' is not a GitHub repository name (owner/name)");
        }
        return Uri.EscapeDataString(parts[0]) + "/" + Uri.EscapeDataString(parts[1]);
    }
}
