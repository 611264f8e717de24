using Microsoft.AspNetCore.Http;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Incidents.Sources;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy.Sources;

/// <summary><c>source: opsgenie</c> against a fake Alert API on 127.0.0.1: its request, its mapping, and every way it fails closed.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class OpsgenieIncidentSourceTests : IDisposable
{
    private const string Key = "genie-key-planted-4e2b9d";
    private readonly TempFolder _workspace = new("pg-opsgenie-");

    public void Dispose() => _workspace.Dispose();

    private static string Alert(string id, string priority, string status = "open", string tags = "[]", bool acknowledged = false) => $$"""
        { "id": "{{id}}", "tinyId": "{{id.Length}}", "alias": "alias-{{id}}", "message": "{{id}} is down", "status": "{{status}}",
          "acknowledged": {{(acknowledged ? "true" : "false")}}, "isSeen": true, "tags": {{tags}}, "snoozed": false, "count": 1,
          "lastOccurredAt": "2026-11-21T09:00:00Z", "createdAt": "2026-11-21T09:00:00Z", "updatedAt": "2026-11-21T09:05:00Z",
          "source": "Zabbix", "owner": "", "priority": "{{priority}}", "responders": [], "integration": { "id": "4513b7ea", "name": "Zabbix", "type": "Zabbix" } }
        """;

    private static string Page(IEnumerable<string> alerts) => $$"""{ "data": [{{string.Join(",", alerts)}}], "paging": {}, "took": 0.6, "requestId": "9ae63dd7" }""";

    private static OpsgenieIncidentSource Source(FakeApiServer server, string yaml = "") =>
        (OpsgenieIncidentSource)((IncidentCheck)ParseValid(IncidentCheck.Definition, $"source: opsgenie\nurl: {server.BaseUri}\n{yaml}")).Options.Source;

    private static async Task<IncidentSourceResult> FetchAsync(OpsgenieIncidentSource source, ApiCallOptions? calls = null, string variable = "OPSGENIE_API_KEY")
    {
        using var http = new HttpClient();
        return await new IncidentFetcher(http, new Dictionary<string, string> { [variable] = Key }, calls ?? FastCalls).FetchOneAsync(source, DeployContext.Empty, CancellationToken.None);
    }

    [Fact]
    public async Task Open_alerts_are_paged_by_offset_with_the_genie_key_and_mapped_from_priority_and_tags()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, ctx.Request.Query["offset"] == "0"
            ? Page([Alert("a1", "P1", tags: """["service:payments", "db"]"""), .. Enumerable.Range(2, 99).Select(i => Alert($"a{i}", "P4", status: "closed"))])
            : Page([Alert("b1", "P2", acknowledged: true), Alert("b2", "P3")])));

        var result = await FetchAsync(Source(server));

        result.Error.ShouldBeNull();
        result.Incidents.Select(i => (i.Id, i.Impact, i.Status, string.Join(",", i.Services), i.Title)).ShouldBe([
            ("a1", "critical", "open", "payments", "#2 a1 is down"),
            ("b1", "major", "acknowledged", "", "#2 b1 is down"),
            ("b2", "minor", "open", "", "#2 b2 is down"),
        ]);
        server.Requests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ShouldBe([
            "/v2/alerts?query=status:open&limit=100&offset=0",
            "/v2/alerts?query=status:open&limit=100&offset=100",
        ]);
        server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "GenieKey " + Key);
    }

    [Fact]
    public async Task Tags_and_priorities_narrow_the_query_and_alerts_outside_them_do_not_count_even_if_the_server_returns_them()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, Page([
            Alert("hit", "P1", tags: """["production", "service:payments"]"""),
            Alert("untagged", "P1"),
            Alert("low", "P5", tags: """["production"]"""),
        ])));

        var result = await FetchAsync(Source(server, "tags: [production]\npriorities: [p1, P2]"));

        result.Incidents.ShouldHaveSingleItem().Id.ShouldBe("hit");
        Uri.UnescapeDataString(server.Requests.ShouldHaveSingleItem().PathAndQuery)
            .ShouldBe("/v2/alerts?query=status:open AND tag:production AND (priority:P1 OR priority:P2)&limit=100&offset=0");
    }

    [Fact]
    public async Task Token_env_names_the_variable_the_key_is_read_from_and_a_missing_key_is_an_error()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, Page([])));

        (await FetchAsync(Source(server, "token_env: OPS_KEY"), variable: "OPS_KEY")).Error.ShouldBeNull();
        server.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("GenieKey " + Key);
        (await FetchAsync(Source(server), variable: "SOMETHING_ELSE")).Error.ShouldBe("the environment variable OPSGENIE_API_KEY (token_env) is not set or empty");
    }

    [Theory]
    [InlineData("html", "malformed JSON")]
    [InlineData("data-object", "'data' is not a JSON array of alerts")]
    [InlineData("no-data", "'data' is not a JSON array of alerts")]
    [InlineData("no-priority", "alert 1 has no 'priority' string")]
    [InlineData("no-id", "alert 1 has no 'id' string")]
    [InlineData("odd-priority", "alert 1: 'priority' is 'urgent', not P1 to P5")]
    [InlineData("tags-string", "alert 1: 'tags' is not a list of strings")]
    [InlineData("alert-string", "alert 1 is not a JSON object")]
    [InlineData("server-error", "HTTP 500")]
    [InlineData("unauthorised", "HTTP 401 Unauthorized")]
    public async Task A_wrong_answer_is_an_error_result_naming_the_request_never_an_empty_list(string answer, string error)
    {
        await using var server = await FakeApiServer.StartAsync(ctx => answer switch
        {
            "html" => Html(ctx),
            "data-object" => FakeApiServer.Json(ctx, """{ "data": { "id": "a" } }"""),
            "no-data" => FakeApiServer.Json(ctx, """{ "alerts": [] }"""),
            "no-priority" => FakeApiServer.Json(ctx, Page([Alert("a", "P1").Replace("\"priority\": \"P1\", ", "", StringComparison.Ordinal)])),
            "no-id" => FakeApiServer.Json(ctx, Page([Alert("a", "P1").Replace("\"id\": \"a\", ", "", StringComparison.Ordinal)])),
            "odd-priority" => FakeApiServer.Json(ctx, Page([Alert("a", "urgent")])),
            "tags-string" => FakeApiServer.Json(ctx, Page([Alert("a", "P1", tags: "\"production\"")])),
            "alert-string" => FakeApiServer.Json(ctx, """{ "data": ["a"] }"""),
            "server-error" => FakeApiServer.Json(ctx, """{ "message": "boom" }""", 500),
            _ => FakeApiServer.Json(ctx, """{ "message": "Could not authenticate", "took": 0.0, "requestId": "x" }""", 401),
        });

        var result = await FetchAsync(Source(server, "retries: 0"));

        result.Incidents.ShouldBeEmpty();
        result.Error.ShouldNotBeNull();
        result.Error.ShouldStartWith("GET " + server.BaseUri.ToString().TrimEnd('/') + "/v2/alerts");
        result.Error.ShouldContain(error);
        result.Error.ShouldNotContain(Key);
    }

    /// <summary>A login page or proxy error answered with 200: HTML is never read as "no alerts".</summary>
    private static async Task Html(HttpContext ctx)
    {
        ctx.Response.ContentType = "text/html";
        await ctx.Response.WriteAsync("<!DOCTYPE html><html><body>Sign in</body></html>");
    }

    [Fact]
    public async Task A_server_that_never_stops_paging_is_an_error_after_the_page_cap()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, Page(Enumerable.Range(0, 100).Select(i => Alert($"a{i}", "P3")))));

        var result = await FetchAsync(Source(server), FastCalls with { MaxPages = 3 });

        result.Error.ShouldBe($"GET {server.BaseUri.ToString().TrimEnd('/')}/v2/alerts: more than 3 pages");
        server.Requests.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("source: opsgenie\npriorities: [P0]", 2, 13, "'priorities' items are P1 to P5, not 'P0'")]
    [InlineData("source: opsgenie\ntags: [\"prod OR x\"]", 2, 7, "is not a tag the search query can hold")]
    [InlineData("source: opsgenie\nquery: status:closed", 2, 8, "'query' is not used by the opsgenie source")]
    [InlineData("source: opsgenie\ntoken_env: \"GenieKey abc\"", 2, 12, "'token_env' names an environment variable")]
    public void Policy_mistakes_are_errors_at_their_position(string yaml, int line, int column, string message)
    {
        var (_, errors) = Parse(IncidentCheck.Definition, yaml);
        var error = errors.ShouldHaveSingleItem();
        error.Message.ShouldContain(message);
        (error.Position.Line, error.Position.Column).ShouldBe((line, column));
    }

    [Fact]
    public async Task The_key_a_hostile_server_echoes_back_never_appears_in_any_report()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            var auth = ctx.Request.Headers.Authorization.ToString();
            return FakeApiServer.Json(ctx, Page([Alert("echo", "P1").Replace("echo is down", "echo " + auth, StringComparison.Ordinal)]));
        });
        _workspace.Write("policy.yml", $"""
            version: 1
            rules:
              - id: no-deploy-during-alert
                severity: high
                enforcement: block
                incident:
                  source: opsgenie
                  url: {server.BaseUri}
            """);
        Directory.CreateDirectory(_workspace.File("out"));
        var env = new Dictionary<string, string?> { ["OPSGENIE_API_KEY"] = Key, ["GITHUB_ACTIONS"] = "true", ["NO_COLOR"] = "1", ["GITHUB_STEP_SUMMARY"] = _workspace.File("out", "summary-step.md") };

        var result = CliRunner.InDirectory(_workspace.Path, env, "check", "--policy", "policy.yml", "--environment", "production", "--now", "2026-11-21T10:00:00Z",
            "--json", "out/report.json", "--sarif", "out/report.sarif", "--junit", "out/report.xml", "--markdown", "out/summary.md", "--audit-log", "out/audit.jsonl");

        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK no-deploy-during-alert");
        server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "GenieKey " + Key);
        var outputs = Directory.EnumerateFiles(_workspace.File("out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        outputs.Count.ShouldBe(6);
        outputs["stdout"] = string.Join('\n', result.Out.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        outputs["stderr"] = result.Error;
        foreach (var (name, text) in outputs) text.ShouldNotContain(Key, Case.Insensitive, $"{name} leaks the Opsgenie key");
        result.Out.ShouldContain("::add-mask::" + Key);
    }
}
