using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PipelineGuard.Tests.Deploy.Support;

namespace PipelineGuard.Tests.Approvals;

/// <summary>
/// A GitHub pull request on a loopback Kestrel server, shaped like the REST API: issue comments
/// (list, POST, PATCH by id), reviews with bodies, and team members. State lives here so a test can
/// add an approval between runs and see the request edited in place.
/// </summary>
public sealed class FakeGitHubPullRequest : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, JsonObject> _comments = new();
    private readonly List<JsonObject> _reviews = [];
    private long _nextId = 1000;

    public FakeApiServer Server { get; private set; } = null!;
    public string Repository { get; } = "acme/shop";
    public int Number { get; } = 7;
    public Dictionary<string, string[]> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);
    public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static async Task<FakeGitHubPullRequest> StartAsync()
    {
        var fake = new FakeGitHubPullRequest();
        fake.Server = await FakeApiServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public IReadOnlyList<JsonObject> Comments => [.. _comments.OrderBy(c => c.Key).Select(c => c.Value)];

    /// <summary>A comment as a person or bot posted it; <paramref name="editedLater"/> moves updated_at past created_at.</summary>
    public long Comment(string login, string body, string type = "User", bool editedLater = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        Now = Now.AddMinutes(1);
        _comments[id] = new JsonObject
        {
            ["id"] = id,
            ["body"] = body,
            ["user"] = new JsonObject { ["login"] = login, ["type"] = type },
            ["created_at"] = Now.ToString("O"),
            ["updated_at"] = (editedLater ? Now.AddMinutes(5) : Now).ToString("O"),
            ["html_url"] = $"https://github.example/{Repository}/pull/{Number}#issuecomment-{id}",
            ["author_association"] = "MEMBER",
        };
        return id;
    }

    public void Review(string login, string state, string body, string type = "User")
    {
        Now = Now.AddMinutes(1);
        lock (_reviews)
        {
            _reviews.Add(new JsonObject
            {
                ["id"] = _reviews.Count + 1,
                ["user"] = new JsonObject { ["login"] = login, ["type"] = type },
                ["body"] = body,
                ["state"] = state,
                ["commit_id"] = "0123456789abcdef0123456789abcdef01234567",
                ["submitted_at"] = Now.ToString("O"),
                ["html_url"] = $"https://github.example/{Repository}/pull/{Number}#pullrequestreview-{_reviews.Count + 1}",
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        if (context.Request.Headers.Authorization.ToString() != "Bearer gh-test-token-123")
        {
            await FakeApiServer.Json(context, """{"message":"Bad credentials"}""", 401);
            return;
        }
        var issue = $"/repos/{Repository}/issues/{Number}/comments";
        if (path == issue && method == "GET")
        {
            await FakeApiServer.Json(context, new JsonArray([.. Comments.Select(c => c.DeepClone())]).ToJsonString());
            return;
        }
        if (path == issue && method == "POST")
        {
            var body = JsonNode.Parse(await Body(context))!["body"]!.GetValue<string>();
            var id = Comment("github-actions[bot]", body, "Bot");
            context.Response.StatusCode = 201;
            await FakeApiServer.Json(context, _comments[id].ToJsonString(), 201);
            return;
        }
        if (path.StartsWith($"/repos/{Repository}/issues/comments/", StringComparison.Ordinal) && method == "PATCH")
        {
            var id = long.Parse(path[(path.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            if (!_comments.TryGetValue(id, out var comment))
            {
                await FakeApiServer.Json(context, """{"message":"Not Found"}""", 404);
                return;
            }
            Now = Now.AddMinutes(1);
            comment["body"] = JsonNode.Parse(await Body(context))!["body"]!.GetValue<string>();
            comment["updated_at"] = Now.ToString("O");
            await FakeApiServer.Json(context, comment.ToJsonString());
            return;
        }
        if (path == $"/repos/{Repository}/pulls/{Number}/reviews" && method == "GET")
        {
            string json;
            lock (_reviews) json = new JsonArray([.. _reviews.Select(r => r.DeepClone())]).ToJsonString();
            await FakeApiServer.Json(context, json);
            return;
        }
        if (path.StartsWith("/orgs/", StringComparison.Ordinal) && path.EndsWith("/members", StringComparison.Ordinal))
        {
            var parts = path.Split('/');
            var team = $"{parts[2]}/{parts[4]}";
            if (!Teams.TryGetValue(team, out var members))
            {
                await FakeApiServer.Json(context, """{"message":"Not Found"}""", 404);
                return;
            }
            await FakeApiServer.Json(context, new JsonArray([.. members.Select(m => (JsonNode)new JsonObject { ["login"] = m, ["type"] = "User" })]).ToJsonString());
            return;
        }
        await FakeApiServer.Json(context, """{"message":"Not Found"}""", 404);
    }

    private static async Task<string> Body(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync();
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// An Azure DevOps pull request's threads on a loopback server (api-version 7.1): GET and POST
/// .../pullRequests/{id}/threads and PATCH .../threads/{threadId}/comments/{commentId}.
/// </summary>
public sealed class FakeAzurePullRequest : IAsyncDisposable
{
    private readonly List<JsonObject> _threads = [];
    private int _nextThread = 1;

    public FakeApiServer Server { get; private set; } = null!;
    public const string Project = "shop";
    public const string RepositoryId = "b6f9e4c3-1111-2222-3333-444455556666";
    public const int PullRequestId = 42;
    public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    public static string ThreadsPath => $"/acme/{Project}/_apis/git/repositories/{RepositoryId}/pullRequests/{PullRequestId}/threads";

    public static async Task<FakeAzurePullRequest> StartAsync()
    {
        var fake = new FakeAzurePullRequest();
        fake.Server = await FakeApiServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public IReadOnlyList<JsonObject> Threads { get { lock (_threads) return [.. _threads]; } }

    public void Comment(string uniqueName, string displayName, string content)
    {
        lock (_threads) _threads.Add(Thread(content, uniqueName, displayName));
    }

    private JsonObject Thread(string content, string uniqueName, string displayName)
    {
        Now = Now.AddMinutes(1);
        var id = _nextThread++;
        return new JsonObject
        {
            ["id"] = id,
            ["status"] = "active",
            ["isDeleted"] = false,
            ["comments"] = new JsonArray(new JsonObject
            {
                ["id"] = 1,
                ["parentCommentId"] = 0,
                ["content"] = content,
                ["author"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["displayName"] = displayName, ["uniqueName"] = uniqueName },
                ["publishedDate"] = Now.ToString("O"),
                ["lastUpdatedDate"] = Now.ToString("O"),
                ["lastContentUpdatedDate"] = Now.ToString("O"),
                ["commentType"] = "text",
                ["isDeleted"] = false,
            }),
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Query["api-version"] != "7.1" || !context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
        {
            await FakeApiServer.Json(context, """{"message":"api-version 7.1 and Basic auth expected"}""", 400);
            return;
        }
        string json;
        if (path == ThreadsPath && context.Request.Method == "GET")
        {
            lock (_threads) json = new JsonObject { ["value"] = new JsonArray([.. _threads.Select(t => t.DeepClone())]), ["count"] = _threads.Count }.ToJsonString();
            await FakeApiServer.Json(context, json);
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
        if (path == ThreadsPath && context.Request.Method == "POST")
        {
            var content = body["comments"]![0]!["content"]!.GetValue<string>();
            body["comments"]![0]!["commentType"]!.GetValue<int>().ShouldBe(1);
            JsonObject thread;
            lock (_threads) _threads.Add(thread = Thread(content, "Build\\b6f9e4c3", "Project Collection Build Service (acme)"));
            await FakeApiServer.Json(context, thread.ToJsonString(), 200);
            return;
        }
        if (path.StartsWith(ThreadsPath + "/", StringComparison.Ordinal) && context.Request.Method == "PATCH")
        {
            var parts = path[(ThreadsPath.Length + 1)..].Split('/');
            var threadId = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            JsonObject? thread;
            lock (_threads) thread = _threads.FirstOrDefault(t => t["id"]!.GetValue<int>() == threadId);
            if (thread is null || parts is not [_, "comments", "1"])
            {
                await FakeApiServer.Json(context, """{"message":"not found"}""", 404);
                return;
            }
            var comment = thread["comments"]![0]!.AsObject();
            comment["content"] = body["content"]!.GetValue<string>();
            await FakeApiServer.Json(context, comment.ToJsonString());
            return;
        }
        await FakeApiServer.Json(context, """{"message":"not found"}""", 404);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A Slack (or Teams) incoming webhook: POST JSON, answer "ok" as text; keeps what was posted.</summary>
public sealed class FakeWebhook : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonDocument> _posts = new();

    public FakeApiServer Server { get; private set; } = null!;
    public string Path { get; } = "/services/T0000/B0000/secretwebhookpart";
    public IReadOnlyList<JsonDocument> Posts => [.. _posts];
    public Uri Url => Server.Url(Path.TrimStart('/'));

    public static async Task<FakeWebhook> StartAsync()
    {
        var fake = new FakeWebhook();
        fake.Server = await FakeApiServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync();
            if (context.Request.Method != "POST" || context.Request.Path != fake.Path || !context.Request.ContentType!.StartsWith("application/json", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("no_service");
                return;
            }
            fake._posts.Enqueue(JsonDocument.Parse(text));
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok");
        });
        return fake;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
