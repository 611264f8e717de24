using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Engine.Approvals;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>The guard's own request on the pull request, found again by its hidden marker.</summary>
/// <param name="Id">The GitHub comment id, or the Azure DevOps comment id.</param>
/// <param name="ThreadId">The Azure DevOps thread id; null on GitHub.</param>
public sealed record PostedRequest(long Id, long? ThreadId, string Body, string? Url);

/// <summary>What a pull request holds for action-level approvals: the claims and the guard's earlier request.</summary>
public sealed record ApprovalThreadContents(IReadOnlyList<ApprovalClaim> Claims, PostedRequest? Request);

/// <summary>Where reviewers are: a pull request on GitHub or Azure DevOps, read for claims and written with one request.</summary>
public interface IApprovalThread
{
    /// <summary>github | azure-devops</summary>
    string Where { get; }

    Task<ApprovalThreadContents> ReadAsync(CancellationToken cancel);

    /// <summary>Creates the request, or updates <paramref name="existing"/> in place; no call when the body is unchanged.</summary>
    Task<ApprovalRequestOutcome> UpsertAsync(PostedRequest? existing, string body, CancellationToken cancel);
}

/// <summary>The hidden marker that makes the request findable and carries what earlier runs requested.</summary>
public static partial class RequestMarker
{
    public const string Start = "<!-- pipeline-guard:approval-request ";
    public const string End = " -->";

    public static bool IsRequest(string? body) => body is not null && body.Contains(Start, StringComparison.Ordinal);

    /// <summary>The marker's JSON payload, or null.</summary>
    public static string? Payload(string? body) =>
        body is not null && MarkerPattern().Match(body) is { Success: true } m ? m.Groups["json"].Value : null;

    [GeneratedRegex(@"<!-- pipeline-guard:approval-request (?<json>\{.*?\}) -->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}

/// <summary>
/// A GitHub pull request: claims from issue comments (a PR is an issue) and from reviews; the request is one issue
/// comment, updated with PATCH /repos/{owner}/{repo}/issues/comments/{id}.
/// </summary>
public sealed class GitHubApprovalThread(GitHubClient client, string repository, int number) : IApprovalThread
{
    public string Where => "github";

    public async Task<ApprovalThreadContents> ReadAsync(CancellationToken cancel)
    {
        var repo = GitHubClient.Repo(repository);
        var comments = await client.GetPagedAsync(client.Url($"repos/{repo}/issues/{number}/comments?per_page=100"),
            ApprovalApiJsonContext.Default.IReadOnlyListGitHubIssueComment, cancel).ConfigureAwait(false);
        var reviews = await client.GetPagedAsync(client.Url($"repos/{repo}/pulls/{number}/reviews?per_page=100"),
            ApprovalApiJsonContext.Default.IReadOnlyListGitHubReviewWithBody, cancel).ConfigureAwait(false);
        var claims = new List<ApprovalClaim>();
        PostedRequest? request = null;
        var requestByBot = false;
        foreach (var c in comments)
        {
            if (c.User?.Login is not { } login) continue;
            var isBot = string.Equals(c.User.Type, "Bot", StringComparison.OrdinalIgnoreCase);
            if (RequestMarker.IsRequest(c.Body))
            {
                // The newest marker comment is ours; a bot's wins over a person's (the guard posts as a bot on Actions).
                if (request is null || isBot || !requestByBot)
                {
                    request = new PostedRequest(c.Id, null, c.Body ?? "", c.HtmlUrl);
                    requestByBot |= isBot;
                }
                continue;
            }
            if (ApprovalCommand.Parse(c.Body) is not { } command) continue;
            var edited = c.UpdatedAt is { } u && c.CreatedAt is { } created && u > created;
            claims.Add(new ApprovalClaim(login, isBot, command.Verb, command.Digest, command.Reason, c.CreatedAt ?? DateTimeOffset.MinValue, "github-comment", c.HtmlUrl, edited));
        }
        foreach (var r in reviews)
        {
            if (r.User?.Login is not { } login || r.State is "DISMISSED" or "PENDING" or "CHANGES_REQUESTED") continue;
            var isBot = string.Equals(r.User.Type, "Bot", StringComparison.OrdinalIgnoreCase);
            var at = r.SubmittedAt ?? DateTimeOffset.MinValue;
            if (ApprovalCommand.Parse(r.Body) is { } command)
            {
                claims.Add(new ApprovalClaim(login, isBot, command.Verb, command.Digest, command.Reason, at, "github-review", r.HtmlUrl));
            }
            else if (r.State == "APPROVED" && ApprovalCommand.CitedDigest(r.Body) is { } cited)
            {
                var reason = r.Body!.Replace(cited, "", StringComparison.Ordinal).Trim();
                claims.Add(new ApprovalClaim(login, isBot, ApprovalVerb.Approve, cited, reason.Length > 0 ? reason : "approving review", at, "github-review", r.HtmlUrl));
            }
        }
        return new ApprovalThreadContents(claims, request);
    }

    public async Task<ApprovalRequestOutcome> UpsertAsync(PostedRequest? existing, string body, CancellationToken cancel)
    {
        var repo = GitHubClient.Repo(repository);
        if (existing is not null && existing.Body == body) return new ApprovalRequestOutcome(Where, "unchanged", existing.Url);
        var (method, url, action) = existing is null
            ? (HttpMethod.Post, client.Url($"repos/{repo}/issues/{number}/comments"), "created")
            : (HttpMethod.Patch, client.Url($"repos/{repo}/issues/comments/{existing.Id}"), "updated");
        using var response = await client.Transport.SendAsync(() =>
        {
            var m = client.Request(method, url);
            m.Content = JsonContent.Create(new GitHubCommentBody(body), ApprovalApiJsonContext.Default.GitHubCommentBody);
            return m;
        }, cancel).ConfigureAwait(false);
        var comment = await ApiTransport.ReadJsonAsync(response, ApprovalApiJsonContext.Default.GitHubIssueComment, cancel).ConfigureAwait(false);
        return new ApprovalRequestOutcome(Where, action, comment.HtmlUrl);
    }
}

/// <summary>
/// An Azure DevOps pull request: claims from thread comments; the request is the first comment of one thread,
/// created with POST .../threads and updated with PATCH .../threads/{threadId}/comments/{commentId} (api-version 7.1).
/// </summary>
public sealed class AzureDevOpsApprovalThread(AzureDevOpsClient client, Uri collection, string project, string repositoryId, int pullRequestId) : IApprovalThread
{
    private const string ApiVersion = "api-version=7.1";

    public string Where => "azure-devops";

    private string ThreadsUrl =>
        $"{AzureDevOpsClient.Base(collection)}/{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repositoryId)}/pullRequests/{pullRequestId}/threads";

    public async Task<ApprovalThreadContents> ReadAsync(CancellationToken cancel)
    {
        var url = new Uri($"{ThreadsUrl}?{ApiVersion}");
        var (threads, _) = await client.Transport.GetJsonAsync(() => client.Request(HttpMethod.Get, url),
            ApprovalApiJsonContext.Default.AzureListAzureThread, cancel).ConfigureAwait(false);
        var claims = new List<ApprovalClaim>();
        PostedRequest? request = null;
        foreach (var thread in threads.Value ?? [])
        {
            if (thread.IsDeleted) continue;
            foreach (var c in thread.Comments ?? [])
            {
                if (c.IsDeleted || (c.Author?.UniqueName ?? c.Author?.DisplayName) is not { } user) continue;
                if (RequestMarker.IsRequest(c.Content))
                {
                    request ??= new PostedRequest(c.Id, thread.Id, c.Content ?? "", null);
                    continue;
                }
                if (ApprovalCommand.Parse(c.Content) is not { } command) continue;
                var published = c.PublishedDate ?? DateTimeOffset.MinValue;
                var edited = c.LastContentUpdatedDate is { } u && u > published;
                var isBot = ApprovalEligibility.IsBotName(c.Author?.DisplayName ?? "") || ApprovalEligibility.IsBotName(user);
                claims.Add(new ApprovalClaim(user, isBot, command.Verb, command.Digest, command.Reason, published, "azure-devops-comment", null, edited));
            }
        }
        return new ApprovalThreadContents(claims, request);
    }

    public async Task<ApprovalRequestOutcome> UpsertAsync(PostedRequest? existing, string body, CancellationToken cancel)
    {
        if (existing is not null && existing.Body == body) return new ApprovalRequestOutcome(Where, "unchanged", $"thread {existing.ThreadId}");
        if (existing is { ThreadId: { } threadId })
        {
            var url = new Uri($"{ThreadsUrl}/{threadId}/comments/{existing.Id}?{ApiVersion}");
            using var updated = await client.Transport.SendAsync(() =>
            {
                var m = client.Request(HttpMethod.Patch, url);
                m.Content = JsonContent.Create(new AzureCommentUpdate(body), ApprovalApiJsonContext.Default.AzureCommentUpdate);
                return m;
            }, cancel).ConfigureAwait(false);
            return new ApprovalRequestOutcome(Where, "updated", $"thread {threadId}");
        }
        var create = new Uri($"{ThreadsUrl}?{ApiVersion}");
        using var response = await client.Transport.SendAsync(() =>
        {
            var m = client.Request(HttpMethod.Post, create);
            m.Content = JsonContent.Create(new AzureNewThread([new AzureNewComment(0, body, 1)], 1), ApprovalApiJsonContext.Default.AzureNewThread);
            return m;
        }, cancel).ConfigureAwait(false);
        var thread = await ApiTransport.ReadJsonAsync(response, ApprovalApiJsonContext.Default.AzureThread, cancel).ConfigureAwait(false);
        return new ApprovalRequestOutcome(Where, "created", $"thread {thread.Id}");
    }
}
