using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineGuard.Deploy.Clients;

// The shapes of the calls action-level approvals make; unknown fields are ignored.

/// <summary>A GitHub account with its type: "User", "Bot" (GitHub Apps) or "Organization".</summary>
public sealed record GitHubActor(
    [property: JsonPropertyName("login")] string? Login,
    [property: JsonPropertyName("type")] string? Type);

/// <summary>GET /repos/{owner}/{repo}/issues/{n}/comments item (a PR is an issue), and the answer to POST and PATCH.</summary>
public sealed record GitHubIssueComment(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("user")] GitHubActor? User,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("html_url")] string? HtmlUrl);

/// <summary>GET /repos/{owner}/{repo}/pulls/{n}/reviews item, with its body.</summary>
public sealed record GitHubReviewWithBody(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("user")] GitHubActor? User,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("commit_id")] string? CommitId,
    [property: JsonPropertyName("submitted_at")] DateTimeOffset? SubmittedAt,
    [property: JsonPropertyName("html_url")] string? HtmlUrl);

/// <summary>The body of POST .../issues/{n}/comments and PATCH .../issues/comments/{id}.</summary>
public sealed record GitHubCommentBody([property: JsonPropertyName("body")] string Body);

public sealed record AzureCommentAuthor(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("uniqueName")] string? UniqueName);

/// <summary>A comment of a pull request thread (api-version 7.1).</summary>
public sealed record AzureComment(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("author")] AzureCommentAuthor? Author,
    [property: JsonPropertyName("publishedDate")] DateTimeOffset? PublishedDate,
    [property: JsonPropertyName("lastContentUpdatedDate")] DateTimeOffset? LastContentUpdatedDate,
    [property: JsonPropertyName("isDeleted")] bool IsDeleted,
    [property: JsonPropertyName("commentType")] JsonElement? CommentType);

/// <summary>GET .../pullRequests/{id}/threads item.</summary>
public sealed record AzureThread(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("comments")] IReadOnlyList<AzureComment>? Comments,
    [property: JsonPropertyName("isDeleted")] bool IsDeleted);

/// <summary>A comment in a new thread: parentCommentId 0, commentType 1 (text).</summary>
public sealed record AzureNewComment(
    [property: JsonPropertyName("parentCommentId")] int ParentCommentId,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("commentType")] int CommentType);

/// <summary>POST .../pullRequests/{id}/threads body: status 1 (active).</summary>
public sealed record AzureNewThread(
    [property: JsonPropertyName("comments")] IReadOnlyList<AzureNewComment> Comments,
    [property: JsonPropertyName("status")] int Status);

/// <summary>PATCH .../threads/{threadId}/comments/{commentId} body.</summary>
public sealed record AzureCommentUpdate([property: JsonPropertyName("content")] string Content);

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(IReadOnlyList<GitHubIssueComment>))]
[JsonSerializable(typeof(GitHubIssueComment))]
[JsonSerializable(typeof(IReadOnlyList<GitHubReviewWithBody>))]
[JsonSerializable(typeof(GitHubCommentBody))]
[JsonSerializable(typeof(AzureList<AzureThread>))]
[JsonSerializable(typeof(AzureThread))]
[JsonSerializable(typeof(AzureComment))]
[JsonSerializable(typeof(AzureNewThread))]
[JsonSerializable(typeof(AzureCommentUpdate))]
internal sealed partial class ApprovalApiJsonContext : JsonSerializerContext;
