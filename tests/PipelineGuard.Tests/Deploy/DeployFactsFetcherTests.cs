using Microsoft.AspNetCore.Http;
using PipelineGuard.Deploy;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Incidents.Sources;
using PipelineGuard.Engine;
using PipelineGuard.Tests.Deploy.Clients;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class DeployFactsFetcherTests : IDisposable
{
    private const string Head = "2222222222222222222222222222222222222222";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-fetch-" + Guid.NewGuid().ToString("N"));

    public DeployFactsFetcherTests() => Directory.CreateDirectory(Path.Combine(_dir, "policies"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PolicySet Policy(string rules)
    {
        var path = Path.Combine(_dir, "policies", "deploy.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var yaml = "version: 1\nteams:\n  sre: [zed]\nrules:\n" + rules;
        File.WriteAllText(path, yaml);
        return PolicyLoader.LoadTexts([(path, yaml, false)]);
    }

    private static Task GitHubAndStatuspage(HttpContext ctx) => ctx.Request.Path.Value switch
    {
        "/api/v3/repos/acme/payments/pulls/42/reviews" => FakeApiServer.Json(ctx, $$"""
            [
              { "id": 1, "user": { "login": "bob" }, "state": "APPROVED", "commit_id": "{{Head}}", "submitted_at": "2026-11-21T09:00:00Z", "author_association": "MEMBER" },
              { "id": 2, "user": { "login": "alice" }, "state": "APPROVED", "commit_id": "{{Head}}", "submitted_at": "2026-11-21T09:01:00Z", "author_association": "MEMBER" }
            ]
            """),
        "/api/v3/orgs/acme/teams/dba/members" => FakeApiServer.Json(ctx, """[ { "login": "bob", "id": 2, "type": "User" } ]"""),
        "/status/api/v2/summary.json" => FakeApiServer.Json(ctx, StatuspageClientTests.Summary),
        _ => FakeApiServer.Json(ctx, """{ "message": "Not Found" }""", 404),
    };

    private static DeployContext PullRequestContext => new()
    {
        Platform = "github",
        Actor = "alice",
        Service = "Payments API",
        Repository = "acme/payments",
        Commit = new CommitInfo { Sha = Head, Author = "alice" },
        PullRequest = new PullRequestInfo { Number = 42, Author = "alice", HeadSha = Head },
    };

    [Fact]
    public async Task Incident_sources_approvals_and_teams_are_fetched_before_a_pure_evaluation()
    {
        await using var server = await FakeApiServer.StartAsync(GitHubAndStatuspage);
        File.WriteAllText(Path.Combine(_dir, "policies", "incidents.json"), """{ "incidents": [ { "id": "LOCAL-1", "impact": "critical", "status": "investigating", "services": ["Payments API"] } ] }""");
        var policy = Policy($$"""
              - id: status-page
                severity: high
                enforcement: block
                incident: { source: statuspage, url: "{{server.Url("/status")}}" }
              - id: local-incidents
                severity: high
                enforcement: block
                incident: { source: file, path: incidents.json }
              - id: pager
                severity: high
                enforcement: block
                incident: { source: pagerduty, url: "{{server.Url("/pd")}}", token_env: PD_TOKEN }
              - id: pager-soft
                severity: low
                enforcement: block
                incident: { source: pagerduty, url: "{{server.Url("/pd")}}", token_env: PD_TOKEN, on_error: allow }
              - id: dba-approval
                severity: high
                enforcement: block
                approval: { min: 1, teams: [acme/dba], source: github }
            """);
        var env = new Dictionary<string, string> { ["GITHUB_API_URL"] = server.Url("/api/v3").ToString(), ["GITHUB_TOKEN"] = "ghs_test_token" };

        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(PullRequestContext), env, new DeployFetchOptions { Calls = FastCalls });

        facts.Context.PullRequest!.Approvals.ShouldBe([new Approval("bob", "approved", "github"), new Approval("alice", "approved", "github")]);
        facts.Teams["acme/dba"].ShouldBe(new HashSet<string> { "bob" });
        facts.Teams["sre"].ShouldBe(new HashSet<string> { "zed" });
        // pager and pager-soft differ in on_error, so they are fetched apart (neither is fetched: the token is missing).
        facts.IncidentSources.Count.ShouldBe(4);

        var evaluation = PolicyEvaluator.Evaluate(policy, facts);
        var byRule = evaluation.Findings.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.ToList());
        byRule["status-page"].ShouldHaveSingleItem().Message.ShouldStartWith("Open critical incident cp306tmzcl0y (identified) affecting Payments API");
        byRule["local-incidents"].ShouldHaveSingleItem().Message.ShouldContain("LOCAL-1");
        var pager = byRule["pager"].ShouldHaveSingleItem();
        pager.Outcome.ShouldBe(Outcome.Block);
        pager.Message.ShouldContain("the environment variable PD_TOKEN (token_env) is not set or empty");
        byRule["pager-soft"].ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Warn);
        byRule.ContainsKey("dba-approval").ShouldBeFalse();
        evaluation.Decision.ShouldBe(Decision.Block);
        server.Requests.ShouldAllBe(r => !r.PathAndQuery.StartsWith("/pd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_failing_with_server_errors_is_reported_with_the_error_and_the_other_rules_still_run()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{ "error": "down" }""", 500));
        var policy = Policy($$"""
              - id: status-page
                severity: high
                enforcement: block
                incident: { source: statuspage, url: "{{server.Url("/status")}}", retries: 1 }
              - id: freeze
                severity: high
                enforcement: warn
                window: { freeze: [ { from: 2026-11-01, to: 2026-11-30 } ] }
            """);
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(PullRequestContext), new Dictionary<string, string>(), new DeployFetchOptions { Calls = FastCalls });
        var evaluation = PolicyEvaluator.Evaluate(policy, facts);
        evaluation.Findings.Single(f => f.RuleId == "status-page").Message
            .ShouldBe($"Incident source statuspage {server.Url("/status")} could not be read: GET {server.Url("/status/api/v2/summary.json")}: HTTP 500 Internal Server Error.");
        evaluation.Findings.Single(f => f.RuleId == "freeze").Outcome.ShouldBe(Outcome.Warn);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Sources_of_rules_out_of_scope_for_this_deploy_are_not_called()
    {
        await using var server = await FakeApiServer.StartAsync(GitHubAndStatuspage);
        var policy = Policy($$"""
              - id: prod-status-page
                severity: high
                enforcement: block
                when: { environments: [production] }
                incident: { source: statuspage, url: "{{server.Url("/status")}}" }
            """);
        var staging = PullRequestContext with { Environment = "staging" };
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(staging), new Dictionary<string, string>(), new DeployFetchOptions { Calls = FastCalls });
        facts.IncidentSources.ShouldBeEmpty();
        server.Requests.ShouldBeEmpty();

        var production = PullRequestContext with { Environment = "production" };
        (await DeployFactsFetcher.FetchAsync(policy, Facts(production), new Dictionary<string, string>(), new DeployFetchOptions { Calls = FastCalls }))
            .IncidentSources.ShouldHaveSingleItem();
        server.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_push_to_main_finds_its_pull_request_to_read_the_approvals_from()
    {
        // api.github.com has no /api/v3 prefix: the reviews are served at the root here.
        await using var github = await FakeApiServer.StartAsync(ctx =>
        {
            if (ctx.Request.Path.StartsWithSegments("/repos/acme/payments/commits"))
            {
                return FakeApiServer.Json(ctx, $$"""[ { "number": 42, "state": "closed", "user": { "login": "alice" }, "head": { "sha": "{{Head}}" }, "merge_commit_sha": "9999" } ]""");
            }
            ctx.Request.Path = "/api/v3" + ctx.Request.Path;
            return GitHubAndStatuspage(ctx);
        });
        var policy = Policy("""
              - id: two-eyes
                severity: high
                enforcement: block
                approval: { min: 1, source: github }
            """);
        var context = new DeployContext { Platform = "github", Actor = "alice", Repository = "acme/payments", Commit = new CommitInfo { Sha = "9999", Author = "alice" } };
        var env = new Dictionary<string, string> { ["GITHUB_API_URL"] = github.BaseUri.ToString() };
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(context), env, new DeployFetchOptions { Calls = FastCalls });
        facts.Context.PullRequest!.Number.ShouldBe(42);
        facts.Context.PullRequest.Author.ShouldBe("alice");
        facts.Context.PullRequest.HeadSha.ShouldBe(Head);
        PolicyEvaluator.Evaluate(policy, facts).Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_override_by_approvals_on_GitHub_fetches_the_reviews_even_without_an_approval_rule()
    {
        await using var server = await FakeApiServer.StartAsync(GitHubAndStatuspage);
        var policy = Policy("""
              - id: freeze
                severity: high
                enforcement: block
                window: { freeze: [ { from: 2026-11-01, to: 2026-11-30, reason: migration month } ] }
                override:
                  approvals: { min: 1, teams: [acme/dba] }
            """);
        var env = new Dictionary<string, string> { ["GITHUB_API_URL"] = server.Url("/api/v3").ToString() };
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(PullRequestContext), env, new DeployFetchOptions { Calls = FastCalls });
        var finding = PolicyEvaluator.Evaluate(policy, facts).Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Overridden);
        finding.Override!.By.ShouldBe("bob (github)");
    }

    [Fact]
    public async Task Azure_DevOps_votes_count_but_never_the_pull_request_creators_own()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => ctx.Request.Path.Value switch
        {
            "/contoso/Payments/_apis/git/repositories/repo-1/pullRequests/17" => FakeApiServer.Json(ctx, """
                { "repository": { "id": "repo-1", "name": "payments" }, "pullRequestId": 17, "codeReviewId": 17, "status": "active",
                  "createdBy": { "displayName": "Alice Example", "uniqueName": "alice@contoso.com", "id": "a1" },
                  "creationDate": "2026-11-20T10:00:00Z", "title": "Fix rounding", "sourceRefName": "refs/heads/fix", "targetRefName": "refs/heads/main",
                  "mergeStatus": "succeeded", "isDraft": false, "reviewers": [] }
                """),
            "/contoso/Payments/_apis/git/repositories/repo-1/pullRequests/17/reviewers" => FakeApiServer.Json(ctx, """
                { "value": [
                    { "vote": 10, "displayName": "Alice Example", "uniqueName": "alice@contoso.com", "id": "a1" },
                    { "vote": 5, "displayName": "Bob", "uniqueName": "bob@contoso.com", "id": "b1" } ], "count": 2 }
                """),
            _ => FakeApiServer.Json(ctx, "{}", 404),
        });
        var policy = Policy("""
              - id: two-eyes
                severity: high
                enforcement: block
                approval: { min: 2, source: azure-devops }
            """);
        var env = AzureRunEnvironment(server.Url("/contoso/").ToString());
        var context = new DeployContext { Platform = "azure-pipelines", Actor = "Build Service", PullRequest = new PullRequestInfo { Number = 17 } };
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(context), env, new DeployFetchOptions { Calls = FastCalls });
        facts.Context.PullRequest!.Author.ShouldBe("alice@contoso.com");
        var finding = PolicyEvaluator.Evaluate(policy, facts).Findings.ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("2 approvals needed, 1 counted (bob@contoso.com (azure-devops)). Not counted: alice@contoso.com (self-approval");
    }

    [Fact]
    public async Task Without_a_pull_request_the_approval_error_says_so()
    {
        var policy = Policy("""
              - id: two-eyes
                severity: high
                enforcement: block
                approval: { min: 1, source: azure-devops }
            """);
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(new DeployContext { Platform = "azure-pipelines" }), new Dictionary<string, string>(), new DeployFetchOptions { Calls = FastCalls });
        facts.ApprovalSourceErrors["azure-devops"].ShouldContain("no pull request number is known");
        PolicyEvaluator.Evaluate(policy, facts).Findings.ShouldHaveSingleItem().Message.ShouldContain("Approvals from azure-devops could not be read");
    }

    /// <summary>The variables an Azure Pipelines agent sets for a run of project Payments, repository repo-1.</summary>
    private static Dictionary<string, string> AzureRunEnvironment(string collectionUri) => new()
    {
        ["SYSTEM_COLLECTIONURI"] = collectionUri,
        ["SYSTEM_TEAMPROJECT"] = "Payments",
        ["BUILD_REPOSITORY_ID"] = "repo-1",
        ["SYSTEM_ACCESSTOKEN"] = "ado_token",
    };

    [Theory]
    [InlineData("not a url")]
    [InlineData("file:///etc/")]
    [InlineData("contoso")]
    public async Task A_collection_uri_that_is_no_http_url_is_an_approval_error_not_a_crash(string collection)
    {
        var policy = Policy("""
              - id: two-eyes
                severity: high
                enforcement: block
                approval: { min: 1, source: azure-devops }
            """);
        var env = AzureRunEnvironment(collection);
        var context = new DeployContext { Platform = "azure-pipelines", PullRequest = new PullRequestInfo { Number = 17 } };
        var facts = await DeployFactsFetcher.FetchAsync(policy, Facts(context), env, new DeployFetchOptions { Calls = FastCalls });
        facts.ApprovalSourceErrors["azure-devops"].ShouldBe("SYSTEM_COLLECTIONURI is not an http(s) URL");
        PolicyEvaluator.Evaluate(policy, facts).Findings.ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public async Task A_malformed_incident_file_is_a_source_error_with_its_position()
    {
        var path = Path.Combine(_dir, "incidents.json");
        File.WriteAllText(path, "{ \"incidents\": [ { \"id\": \"A\", \"impact\": 3 } ] }");
        var result = await new IncidentFetcher(new HttpClient(), new Dictionary<string, string>(), FastCalls)
            .FetchOneAsync(new FileIncidentSource(path), DeployContext.Empty, CancellationToken.None);
        result.Error.ShouldBe($"{path}:1:41: 'impact' must be a string, not a number");
    }

    [Fact]
    public async Task A_statuspage_summary_saved_as_a_file_is_read_as_such()
    {
        var path = Path.Combine(_dir, "summary.json");
        File.WriteAllText(path, StatuspageClientTests.Summary);
        var incidents = await FileIncidentSource.ReadAsync(path, CancellationToken.None);
        incidents.Select(i => i.Id).ShouldBe(["cp306tmzcl0y", "yd4qhp1ct7x2"]);
    }
}
