using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineGuard.Deploy.Clients;

// The response shapes below carry only the fields the guard reads; unknown fields are ignored.

public sealed record GitHubUser([property: JsonPropertyName("login")] string? Login);

/// <summary>GET /repos/{owner}/{repo}/pulls/{n}/reviews item.</summary>
public sealed record GitHubReview(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("user")] GitHubUser? User,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("commit_id")] string? CommitId,
    [property: JsonPropertyName("submitted_at")] DateTimeOffset? SubmittedAt);

public sealed record GitHubCommitRef([property: JsonPropertyName("sha")] string? Sha);

/// <summary>GET /repos/{owner}/{repo}/commits/{sha}/pulls item.</summary>
public sealed record GitHubPull(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("user")] GitHubUser? User,
    [property: JsonPropertyName("head")] GitHubCommitRef? Head,
    [property: JsonPropertyName("merge_commit_sha")] string? MergeCommitSha,
    [property: JsonPropertyName("assignees")] IReadOnlyList<GitHubUser>? Assignees = null);

public sealed record GitHubLabel([property: JsonPropertyName("name")] string? Name);

/// <summary>GET /repos/{owner}/{repo}/issues item; <see cref="PullRequest"/> is set when the item is a PR.</summary>
public sealed record GitHubIssue(
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("html_url")] string? HtmlUrl,
    [property: JsonPropertyName("labels")] IReadOnlyList<GitHubLabel>? Labels,
    [property: JsonPropertyName("pull_request")] JsonElement? PullRequest);

/// <summary>GET .../pullRequests/{id}/reviewers item.</summary>
public sealed record AzureReviewer(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("uniqueName")] string? UniqueName,
    [property: JsonPropertyName("vote")] int Vote,
    [property: JsonPropertyName("isContainer")] bool IsContainer,
    [property: JsonPropertyName("hasDeclined")] bool HasDeclined);

public sealed record AzureIdentityRef(
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("uniqueName")] string? UniqueName);

/// <summary>GET .../pullRequests/{id}: who created it (the author, who may not approve it).</summary>
public sealed record AzurePullRequest(
    [property: JsonPropertyName("pullRequestId")] int PullRequestId,
    [property: JsonPropertyName("createdBy")] AzureIdentityRef? CreatedBy);

/// <summary>The Azure DevOps list envelope: <c>{ "count": n, "value": [...] }</c>.</summary>
public sealed record AzureList<T>(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("value")] IReadOnlyList<T>? Value);

public sealed record WiqlWorkItemRef([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("url")] string? Url);

/// <summary>POST _apis/wit/wiql response.</summary>
public sealed record WiqlResult(
    [property: JsonPropertyName("queryType")] string? QueryType,
    [property: JsonPropertyName("workItems")] IReadOnlyList<WiqlWorkItemRef>? WorkItems);

public sealed record WiqlQuery([property: JsonPropertyName("query")] string Query);

/// <summary>GET _apis/wit/workitems item: fields keyed by reference name (System.Title, ...).</summary>
public sealed record AzureWorkItem(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, JsonElement>? Fields,
    [property: JsonPropertyName("url")] string? Url);

public sealed record StatuspageComponent(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] string? Status);

public sealed record StatuspageIncident(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("impact")] string? Impact,
    [property: JsonPropertyName("shortlink")] string? Shortlink,
    [property: JsonPropertyName("components")] IReadOnlyList<StatuspageComponent>? Components);

public sealed record StatuspagePage(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url);

/// <summary>GET /api/v2/summary.json: the page, its components and the unresolved incidents.</summary>
public sealed record StatuspageSummary(
    [property: JsonPropertyName("page")] StatuspagePage? Page,
    [property: JsonPropertyName("components")] IReadOnlyList<StatuspageComponent>? Components,
    [property: JsonPropertyName("incidents")] IReadOnlyList<StatuspageIncident>? Incidents);

public sealed record PagerDutyReference(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("summary")] string? Summary);

public sealed record PagerDutyIncident(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("incident_number")] long IncidentNumber,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("urgency")] string? Urgency,
    [property: JsonPropertyName("html_url")] string? HtmlUrl,
    [property: JsonPropertyName("service")] PagerDutyReference? Service,
    [property: JsonPropertyName("priority")] PagerDutyReference? Priority);

/// <summary>GET /incidents (REST v2, classic offset paging).</summary>
public sealed record PagerDutyIncidentPage(
    [property: JsonPropertyName("incidents")] IReadOnlyList<PagerDutyIncident>? Incidents,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("more")] bool More);

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(IReadOnlyList<GitHubReview>))]
[JsonSerializable(typeof(IReadOnlyList<GitHubIssue>))]
[JsonSerializable(typeof(IReadOnlyList<GitHubUser>))]
[JsonSerializable(typeof(IReadOnlyList<GitHubPull>))]
[JsonSerializable(typeof(AzureList<AzureReviewer>))]
[JsonSerializable(typeof(AzurePullRequest))]
[JsonSerializable(typeof(AzureList<AzureWorkItem>))]
[JsonSerializable(typeof(WiqlResult))]
[JsonSerializable(typeof(WiqlQuery))]
[JsonSerializable(typeof(StatuspageSummary))]
[JsonSerializable(typeof(PagerDutyIncidentPage))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
