using PipelineGuard.Deploy;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Engine;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>
/// A token goes only to the host it was configured for, and two incident sources that differ in any key
/// never share a fetched result. Real Kestrel servers on 127.0.0.1; "localhost" names the other host.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public class TokenAndIncidentSourceTests
{
    private const string Token = "inc_secret_token_value_123";
    private static readonly ApiCallOptions FastCalls = new(TimeSpan.FromSeconds(5), 0, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    private static async Task<(Evaluation Evaluation, EvaluationFacts Facts)> Run(string policyYaml, Dictionary<string, string> env, DeployContext? context = null)
    {
        var policy = Build.Policy(policyYaml);
        var facts = new EvaluationFacts { Now = Build.Noon, Context = context ?? new DeployContext { Environment = "production" } };
        // No handler given: the one production uses.
        var fetched = await DeployFactsFetcher.FetchAsync(policy, facts, env, new DeployFetchOptions { Calls = FastCalls });
        return (PolicyEvaluator.Evaluate(policy, fetched), fetched);
    }

    /// <summary>The same server seen as another host: localhost instead of 127.0.0.1.</summary>
    private static Uri OtherHost(FakeApiServer server, string path) => new($"http://localhost:{server.BaseUri.Port}{path}");

    private static string HttpJsonRule(string id, string url, string extra = "") => $$"""
          - id: {{id}}
            severity: high
            enforcement: block
            incident: { source: http-json, url: "{{url}}"{{extra}} }
        """;

    public static TheoryData<string?> TokenHeaders() => new() { null, "X-Api-Key", "X-Incident-Key", "Private-Token" };

    [Theory]
    [MemberData(nameof(TokenHeaders))]
    public async Task A_redirect_to_another_host_is_refused_and_the_token_never_reaches_it(string? header)
    {
        await using var thief = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[]"));
        await using var source = await FakeApiServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = OtherHost(thief, "/steal").ToString();
            return Task.CompletedTask;
        });
        var extra = ", token_env: INC_TOKEN" + (header is null ? "" : $", token_header: {header}");
        var (evaluation, _) = await Run("version: 1\nrules:\n" + HttpJsonRule("incidents", source.Url("/incidents").ToString(), extra), new() { ["INC_TOKEN"] = Token });

        var finding = evaluation.Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Message.ShouldContain("redirected to another host");
        finding.Message.ShouldNotContain(Token);
        thief.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed_with_the_token()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            if (ctx.Request.Path == "/old")
            {
                ctx.Response.StatusCode = 301;
                ctx.Response.Headers.Location = "/new";
                return Task.CompletedTask;
            }
            return FakeApiServer.Json(ctx, """[{"id":"INC-9","impact":"critical","status":"investigating"}]""");
        });
        var (evaluation, _) = await Run("version: 1\nrules:\n" + HttpJsonRule("incidents", server.Url("/old").ToString(), ", token_env: INC_TOKEN, token_header: X-Incident-Key"), new() { ["INC_TOKEN"] = Token });
        evaluation.Findings.ShouldHaveSingleItem().Message.ShouldContain("INC-9");
        server.Requests[^1].Headers["X-Incident-Key"].ShouldBe(Token);
    }

    [Fact]
    public async Task A_next_page_link_to_another_host_is_refused_and_the_token_never_reaches_it()
    {
        await using var thief = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "[]"));
        await using var api = await FakeApiServer.StartAsync(ctx =>
            FakeApiServer.Json(ctx, "[]", 200, ("Link", $"<{OtherHost(thief, "/repos/acme/ops/issues?page=2")}>; rel=\"next\"")));
        var policy = """
            version: 1
            rules:
              - id: issues
                severity: high
                enforcement: block
                incident: { source: github-issues, repository: acme/ops }
            """;
        var (evaluation, _) = await Run(policy, new() { ["GITHUB_API_URL"] = api.BaseUri.ToString(), ["GITHUB_TOKEN"] = Token });
        var finding = evaluation.Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Message.ShouldContain("the next page is on another host");
        thief.Requests.ShouldBeEmpty();
        api.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("Bearer " + Token);
    }

    [Fact]
    public async Task A_token_is_never_sent_over_plain_http_to_a_host_that_is_not_loopback()
    {
        var (evaluation, _) = await Run("version: 1\nrules:\n" + HttpJsonRule("incidents", "http://incidents.pipeline-guard.invalid/api", ", token_env: INC_TOKEN, token_header: X-Api-Key"), new() { ["INC_TOKEN"] = Token });
        var finding = evaluation.Findings.ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Message.ShouldContain("a token is never sent over plain http to incidents.pipeline-guard.invalid");
    }

    [Fact]
    public void Loopback_hosts_are_the_only_plain_http_exception()
    {
        ApiTransport.IsLoopback(new Uri("http://127.0.0.1:8080/")).ShouldBeTrue();
        ApiTransport.IsLoopback(new Uri("http://127.0.0.2/")).ShouldBeTrue();
        ApiTransport.IsLoopback(new Uri("http://localhost/")).ShouldBeTrue();
        ApiTransport.IsLoopback(new Uri("http://[::1]/")).ShouldBeTrue();
        ApiTransport.IsLoopback(new Uri("http://10.0.0.1/")).ShouldBeFalse();
        ApiTransport.IsLoopback(new Uri("http://localhost.evil.example/")).ShouldBeFalse();
    }

    /// <summary>A server that answers by query: only ?service=all lists the open incident.</summary>
    private static Task<FakeApiServer> IncidentsByQuery() => FakeApiServer.StartAsync(ctx =>
        FakeApiServer.Json(ctx, ctx.Request.Query["service"] == "all"
            ? """[{"id":"INC-1","impact":"critical","status":"investigating"}]"""
            : "[]"));

    [Fact]
    public async Task Two_sources_that_differ_only_in_the_query_string_are_fetched_apart()
    {
        await using var server = await IncidentsByQuery();
        var policy = "version: 1\nrules:\n" +
                     HttpJsonRule("search-only", server.Url("/incidents?service=search").ToString()) + "\n" +
                     HttpJsonRule("everything", server.Url("/incidents?service=all").ToString());
        var (evaluation, _) = await Run(policy, []);
        evaluation.Findings.ShouldHaveSingleItem().RuleId.ShouldBe("everything");
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Two_sources_that_differ_only_in_the_token_are_fetched_apart()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
            FakeApiServer.Json(ctx, ctx.Request.Headers.Authorization == "Bearer " + Token
                ? """[{"id":"INC-2","impact":"critical","status":"investigating"}]"""
                : "[]"));
        var url = server.Url("/incidents").ToString();
        var policy = "version: 1\nrules:\n" + HttpJsonRule("public", url) + "\n" + HttpJsonRule("private", url, ", token_env: INC_TOKEN");
        var (evaluation, _) = await Run(policy, new() { ["INC_TOKEN"] = Token });
        evaluation.Findings.ShouldHaveSingleItem().RuleId.ShouldBe("private");
    }

    [Fact]
    public async Task Two_sources_that_differ_only_in_the_mapping_are_fetched_apart()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
            FakeApiServer.Json(ctx, """{"open":[],"all":[{"id":"INC-3","impact":"critical","status":"investigating"}]}"""));
        var url = server.Url("/incidents").ToString();
        var policy = "version: 1\nrules:\n" + HttpJsonRule("open", url, ", mapping: { items: open }") + "\n" + HttpJsonRule("all", url, ", mapping: { items: all }");
        var (evaluation, _) = await Run(policy, []);
        evaluation.Findings.ShouldHaveSingleItem().RuleId.ShouldBe("all");
    }

    [Fact]
    public async Task Two_sources_that_differ_only_in_on_error_are_fetched_apart()
    {
        await using var server = await IncidentsByQuery();
        var url = server.Url("/incidents?service=all").ToString();
        var policy = "version: 1\nrules:\n" + HttpJsonRule("strict", url, ", on_error: block") + "\n" + HttpJsonRule("lenient", url, ", on_error: allow");
        var (evaluation, facts) = await Run(policy, []);
        facts.IncidentSources.Count.ShouldBe(2);
        evaluation.Findings.Select(f => f.RuleId).Order().ShouldBe(["lenient", "strict"]);
    }
}
