using System.Text.Json;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy;

/// <summary>The check command with deploy context: context file, platform variables, freeze and its emergency override.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class CheckCommandDeployTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-cli-" + Guid.NewGuid().ToString("N"));

    public CheckCommandDeployTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ".pipeline-guard.yml"), """
            version: 1
            rules:
              - id: year-end-freeze
                description: No production deploys over the year-end freeze.
                severity: high
                enforcement: block
                when: { environments: [production] }
                window:
                  timezone: Europe/Berlin
                  freeze:
                    - { from: 2026-12-21, to: 2027-01-04, reason: year-end freeze }
                override:
                  commit_tags: ["[emergency]"]
                  trailer: Guard-Override
              - id: no-wip
                severity: medium
                enforcement: block
                commit: { forbid_tags: ["[wip]"] }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CliRunner.Result Check(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        CliRunner.InDirectory(_dir, env ?? new Dictionary<string, string?>(), ["check", "--json", "report.json", .. args]);

    private JsonElement Report() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;

    [Fact]
    public void A_deploy_during_the_freeze_is_blocked_and_says_when_it_opens()
    {
        Write("ctx.json", """{ "environment": "production", "actor": "alice", "commit": { "sha": "abc123", "message": "Fix rounding" } }""");
        var result = Check(null, "--context", "ctx.json", "--now", "2026-12-24T10:00:00Z");
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        var finding = Report().GetProperty("findings").EnumerateArray().Single();
        finding.GetProperty("ruleId").GetString().ShouldBe("year-end-freeze");
        finding.GetProperty("outcome").GetString().ShouldBe("block");
        finding.GetProperty("message").GetString()!.ShouldContain("opens next at 2027-01-04T23:00:00Z");
    }

    [Fact]
    public void A_Guard_Override_trailer_with_a_reason_lifts_the_freeze_and_is_reported_as_overridden()
    {
        Write("ctx.json", """{ "environment": "production", "actor": "alice", "commit": { "sha": "abc123", "author": "alice", "message": "Fix rounding\n\nGuard-Override: year-end-freeze INC-42 checkout is down" } }""");
        var result = Check(null, "--context", "ctx.json", "--now", "2026-12-24T10:00:00Z");
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        var finding = Report().GetProperty("findings").EnumerateArray().Single();
        finding.GetProperty("outcome").GetString().ShouldBe("overridden");
        finding.GetProperty("override").GetProperty("kind").GetString().ShouldBe("trailer");
        finding.GetProperty("override").GetProperty("reason").GetString().ShouldBe("INC-42 checkout is down");
    }

    [Fact]
    public void Flags_win_over_the_context_file_so_a_staging_deploy_is_out_of_the_freezes_scope()
    {
        Write("ctx.json", """{ "environment": "production", "commit": { "sha": "abc123", "message": "Fix" } }""");
        Check(null, "--context", "ctx.json", "--environment", "staging", "--now", "2026-12-24T10:00:00Z").ExitCode.ShouldBe(0);
        Report().GetProperty("context").GetProperty("environment").GetString().ShouldBe("staging");
    }

    [Fact]
    public void A_context_file_with_a_wrong_type_is_exit_2_with_file_line_and_column()
    {
        Write("ctx.json", "{\n  \"environment\": \"production\",\n  \"actor\": [\"alice\"]\n}");
        var result = Check(null, "--context", "ctx.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain($"{Path.Combine(_dir, "ctx.json")}:3:12: 'actor' must be a string, not an array");
    }

    [Fact]
    public void A_missing_context_file_is_exit_2()
    {
        var result = Check(null, "--context", "nope.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("nope.json");
    }

    [Fact]
    public async Task An_unreadable_incident_source_blocks_and_its_token_appears_nowhere_in_the_output()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{ "message": "Bad credentials" }""", 401));
        File.WriteAllText(Path.Combine(_dir, ".pipeline-guard.yml"), """
            version: 1
            rules:
              - id: open-incidents
                severity: high
                enforcement: block
                incident: { source: github-issues, repository: acme/ops, labels: [incident], retries: 0 }
            """);
        const string token = "ghp_supersecret0123456789";
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token, ["GITHUB_API_URL"] = server.BaseUri.ToString() };
        var result = Check(env, "--environment", "production");
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        var report = File.ReadAllText(Path.Combine(_dir, "report.json"));
        report.ShouldContain("Incident source github-issues acme/ops labels=incident could not be read");
        report.ShouldContain("HTTP 401 Unauthorized");
        (result.Out + result.Error + report).ShouldNotContain(token);
        server.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("Bearer " + token);
    }

    [Fact]
    public void On_GitHub_Actions_the_platform_variables_and_push_payload_give_the_context()
    {
        var eventPath = Write("event.json", """
            { "ref": "refs/heads/main", "head_commit": { "id": "4444444444444444444444444444444444444444", "message": "WIP [wip]", "author": { "name": "A", "email": "a@x", "username": "alice" }, "committer": { "name": "A", "email": "a@x", "username": "alice" } } }
            """);
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_ACTOR"] = "alice",
            ["GITHUB_REPOSITORY"] = "acme/payments",
            ["GITHUB_REF"] = "refs/heads/main",
            ["GITHUB_SHA"] = "4444444444444444444444444444444444444444",
            ["GITHUB_EVENT_NAME"] = "push",
            ["GITHUB_EVENT_PATH"] = eventPath,
        };
        var result = Check(env, "--now", "2026-11-24T10:00:00Z");
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        var report = Report();
        report.GetProperty("context").GetProperty("actor").GetString().ShouldBe("alice");
        report.GetProperty("findings").EnumerateArray().Single().GetProperty("ruleId").GetString().ShouldBe("no-wip");
    }
}
