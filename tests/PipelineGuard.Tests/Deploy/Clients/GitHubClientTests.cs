using PipelineGuard.Deploy.Clients;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy.Clients;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class GitHubClientTests
{
    private const string Head = "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091";
    private const string Older = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

    /// <summary>One review in the shape of GET /repos/{owner}/{repo}/pulls/{n}/reviews.</summary>
    private static string Review(long id, string login, string state, string commit, string submitted) => $$"""
        {
          "id": {{id}},
          "node_id": "MDE3OlB1bGxSZXF1ZXN0UmV2aWV3{{id}}",
          "user": { "login": "{{login}}", "id": {{id + 1000}}, "node_id": "MDQ6VXNlcjE=", "type": "User", "site_admin": false },
          "body": "Here is the body for the review.",
          "state": "{{state}}",
          "html_url": "https://github.com/acme/payments/pull/12#pullrequestreview-{{id}}",
          "pull_request_url": "https://api.github.com/repos/acme/payments/pulls/12",
          "_links": { "html": { "href": "https://github.com/acme/payments/pull/12#pullrequestreview-{{id}}" }, "pull_request": { "href": "https://api.github.com/repos/acme/payments/pulls/12" } },
          "submitted_at": "{{submitted}}",
          "commit_id": "{{commit}}",
          "author_association": "COLLABORATOR"
        }
        """;

    private static GitHubClient Client(FakeApiServer server, HttpClient http, string? token = "ghs_secret_token_value", string apiPrefix = "") =>
        new(new ApiTransport(http, DeployTestKit.FastCalls), server.Url(apiPrefix), token);

    [Fact]
    public async Task Reviews_across_pages_reduce_to_the_latest_decision_per_reviewer()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            var page = ctx.Request.Query["page"].ToString();
            if (page is "" or "1")
            {
                var next = $"<{ctx.Request.Scheme}://{ctx.Request.Host}/repos/acme/payments/pulls/12/reviews?per_page=100&page=2>; rel=\"next\"";
                return FakeApiServer.Json(ctx, "[" + string.Join(",",
                    Review(1, "bob", "CHANGES_REQUESTED", Head, "2026-11-20T09:00:00Z"),
                    Review(2, "carol", "APPROVED", Head, "2026-11-20T09:05:00Z"),
                    Review(3, "dave", "APPROVED", Older, "2026-11-20T09:06:00Z")) + "]", 200, ("Link", next));
            }
            return FakeApiServer.Json(ctx, "[" + string.Join(",",
                Review(4, "bob", "APPROVED", Head, "2026-11-20T10:00:00Z"),
                Review(5, "carol", "COMMENTED", Head, "2026-11-20T10:05:00Z"),
                Review(6, "erin", "DISMISSED", Head, "2026-11-20T10:06:00Z")) + "]");
        });
        using var http = new HttpClient();
        var decisions = await Client(server, http).GetReviewDecisionsAsync("acme/payments", 12, Head, CancellationToken.None);
        decisions.ShouldBe([
            new Approval("bob", "approved", "github"),      // a later approval replaces changes requested
            new Approval("carol", "approved", "github"),    // a later comment does not undo an approval
            new Approval("dave", "stale", "github"),        // approved an older commit than the head
            new Approval("erin", "dismissed", "github"),
        ]);
        server.Requests.Count.ShouldBe(2);
        var first = server.Requests[0];
        first.PathAndQuery.ShouldBe("/repos/acme/payments/pulls/12/reviews?per_page=100");
        first.Headers["Authorization"].ShouldBe("Bearer ghs_secret_token_value");
        first.Headers["Accept"].ShouldBe("application/vnd.github+json");
        first.Headers["X-GitHub-Api-Version"].ShouldBe("2022-11-28");
        first.Headers["User-Agent"].ShouldStartWith("pipeline-guard");
    }

    [Fact]
    public async Task GitHub_Enterprise_Server_paths_under_api_v3_are_kept()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[]"));
        using var http = new HttpClient();
        await Client(server, http, apiPrefix: "/api/v3").GetReviewDecisionsAsync("acme/payments", 7, null, CancellationToken.None);
        server.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/api/v3/repos/acme/payments/pulls/7/reviews?per_page=100");
    }

    [Fact]
    public void The_API_base_is_GITHUB_API_URL_when_set()
    {
        GitHubClient.ApiBaseFrom(new Dictionary<string, string> { ["GITHUB_API_URL"] = "https://ghe.example.com/api/v3" })
            .ShouldBe(new Uri("https://ghe.example.com/api/v3"));
        GitHubClient.ApiBaseFrom(new Dictionary<string, string>()).ShouldBe(new Uri("https://api.github.com"));
    }

    private const string PullRequestField =
        "\"pull_request\": { \"url\": \"https://api.github.com/repos/acme/ops/pulls/9\", \"html_url\": \"https://github.com/acme/ops/pull/9\", \"diff_url\": \"https://github.com/acme/ops/pull/9.diff\", \"patch_url\": \"https://github.com/acme/ops/pull/9.patch\" },";

    /// <summary>One item in the shape of GET /repos/{owner}/{repo}/issues.</summary>
    private static string Issue(int number, string title, string[] labels, bool pullRequest = false) => $$"""
        {
          "id": {{number + 5000}}, "node_id": "MDU6SXNzdWUx", "url": "https://api.github.com/repos/acme/ops/issues/{{number}}",
          "html_url": "https://github.com/acme/ops/issues/{{number}}", "number": {{number}}, "state": "open", "title": "{{title}}",
          "body": "Details", "user": { "login": "octocat", "id": 1 },
          "labels": [{{string.Join(",", labels.Select((l, i) => $$"""{ "id": {{i}}, "name": "{{l}}", "color": "f29513", "default": false }"""))}}],
          "assignee": null, "assignees": [], "locked": false, "comments": 0,
          {{(pullRequest ? PullRequestField : "")}}
          "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-20T08:30:00Z", "closed_at": null, "author_association": "MEMBER"
        }
        """;

    [Fact]
    public async Task Open_labelled_issues_become_incidents_and_pull_requests_are_dropped()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            if (ctx.Request.Query["page"] == "2")
            {
                return FakeApiServer.Json(ctx, "[" + Issue(11, "Search slow", ["incident", "sev3"]) + "]");
            }
            var next = $"<{ctx.Request.Scheme}://{ctx.Request.Host}/repositories/77/issues?labels=incident&state=open&per_page=100&page=2>; rel=\"next\"";
            return FakeApiServer.Json(ctx, "[" + string.Join(",",
                Issue(9, "Fix the incident", ["incident"], pullRequest: true),
                Issue(10, "Payments down", ["incident", "sev1", "service:payments"])) + "]", 200, ("Link", next));
        });
        using var http = new HttpClient();
        var incidents = await Client(server, http).GetOpenIssueIncidentsAsync("acme/ops", ["incident"], CancellationToken.None);
        incidents.Select(i => (i.Id, i.Impact, i.Status, string.Join(",", i.Services), i.Title)).ShouldBe([
            ("acme/ops#10", "critical", "open", "payments", "Payments down"),
            ("acme/ops#11", "minor", "open", "", "Search slow"),
        ]);
        incidents[0].Url.ShouldBe("https://github.com/acme/ops/issues/10");
        server.Requests[0].PathAndQuery.ShouldBe("/repos/acme/ops/issues?state=open&per_page=100&labels=incident");
        server.Requests[1].PathAndQuery.ShouldStartWith("/repositories/77/issues?");
    }

    [Fact]
    public async Task An_issue_without_a_severity_label_counts_as_major()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[" + Issue(3, "Something", ["incident"]) + "]"));
        using var http = new HttpClient();
        (await Client(server, http).GetOpenIssueIncidentsAsync("acme/ops", ["incident"], CancellationToken.None))
            .ShouldHaveSingleItem().Impact.ShouldBe("major");
    }

    [Fact]
    public async Task Team_members_are_read_across_pages()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => ctx.Request.Query["page"] == "2"
            ? FakeApiServer.Json(ctx, """[ { "login": "carol", "id": 3, "type": "User", "site_admin": false } ]""")
            : FakeApiServer.Json(ctx, """[ { "login": "alice", "id": 1, "type": "User", "site_admin": false }, { "login": "bob", "id": 2, "type": "User", "site_admin": false } ]""",
                200, ("Link", $"<{ctx.Request.Scheme}://{ctx.Request.Host}/organizations/1/team/2/members?per_page=100&page=2>; rel=\"next\", <{ctx.Request.Scheme}://{ctx.Request.Host}/organizations/1/team/2/members?per_page=100&page=2>; rel=\"last\"")));
        using var http = new HttpClient();
        (await Client(server, http).GetTeamMembersAsync("acme", "dba", CancellationToken.None)).ShouldBe(["alice", "bob", "carol"]);
        server.Requests[0].PathAndQuery.ShouldBe("/orgs/acme/teams/dba/members?per_page=100");
    }

    [Fact]
    public async Task A_Link_header_that_keeps_pointing_onwards_stops_at_the_page_limit()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[]", 200,
            ("Link", $"<{ctx.Request.Scheme}://{ctx.Request.Host}/loop?page=2>; rel=\"next\"")));
        using var http = new HttpClient();
        var client = new GitHubClient(new ApiTransport(http, DeployTestKit.FastCalls with { MaxPages = 3 }), server.Url("/"), null);
        (await Should.ThrowAsync<ApiException>(() => client.GetTeamMembersAsync("acme", "dba", CancellationToken.None))).Message.ShouldContain("more than 3 pages");
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Without_a_token_no_Authorization_header_is_sent()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[]"));
        using var http = new HttpClient();
        await Client(server, http, token: null).GetTeamMembersAsync("acme", "dba", CancellationToken.None);
        server.Requests.ShouldHaveSingleItem().Headers.ContainsKey("Authorization").ShouldBeFalse();
    }

    [Fact]
    public async Task A_bad_token_error_never_contains_the_token()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx,
            """{ "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" }""", 401));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => Client(server, http).GetReviewDecisionsAsync("acme/payments", 1, null, CancellationToken.None));
        ex.Message.ShouldContain("HTTP 401 Unauthorized");
        ex.ToString().ShouldNotContain("ghs_secret_token_value");
    }

    [Fact]
    public async Task The_pull_request_of_a_merged_commit_is_found_by_its_merge_commit()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, $$"""
            [
              { "number": 3, "state": "closed", "user": { "login": "zed" }, "head": { "sha": "aaaa", "ref": "other" }, "merge_commit_sha": "bbbb" },
              { "number": 12, "state": "closed", "user": { "login": "alice" }, "head": { "sha": "{{Head}}", "ref": "fix" }, "merge_commit_sha": "cccc" }
            ]
            """));
        using var http = new HttpClient();
        var pr = await Client(server, http).FindPullRequestAsync("acme/payments", "cccc", CancellationToken.None);
        pr.ShouldNotBeNull();
        (pr.Number, pr.Author, pr.HeadSha).ShouldBe((12, "alice", Head));
        server.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/repos/acme/payments/commits/cccc/pulls?per_page=100");
    }
}
