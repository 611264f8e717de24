using Microsoft.AspNetCore.Http;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reliability;

/// <summary>
/// Secrets planted in every input (sensitive plan values, tokens in the environment, a token_env token that a hostile
/// incident server echoes back) never appear in the console, annotations or any report file.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class SecretLeakTests : IDisposable
{
    private const string PlanPassword = "PlanPassword-7d1f9c2e";
    private const string OldPlanPassword = "OldPlanPassword-0b5e";
    private const string GitHubToken = "ghp_PlantedGitHubToken4c8a1e";
    private const string AzureToken = "PlantedAzureAccessToken93b2";
    private const string IncidentToken = "PlantedIncidentToken5a7d";

    private static readonly string[] s_secrets = [PlanPassword, OldPlanPassword, GitHubToken, AzureToken, IncidentToken];

    private readonly TempFolder _workspace = new("pg-secrets-");

    private static string PolicyYaml(Uri echoing, Uri failing) => $$"""
        version: 1
        rules:
          - id: db-password-changes
            severity: high
            enforcement: block
            terraform:
              resource_types: ["aws_db_instance"]
              attributes:
                - { path: password, changed_from: "{{OldPlanPassword}}" }
                - { path: password, matches: "^PlanPassword" }
          - id: incidents-echoed
            severity: high
            enforcement: block
            incident:
              source: http-json
              url: {{echoing}}
              token_env: INCIDENT_TOKEN
              mapping: { items: incidents }
          - id: incidents-failing
            severity: high
            enforcement: block
            incident:
              source: http-json
              url: {{failing}}
              token_env: INCIDENT_TOKEN
              retries: 0
              on_error: block
        """;

    private static string Plan() => Build.PlanJson(
        Build.Change("aws_db_instance.main", "[\"update\"]",
            before: $"{{\"password\":\"{OldPlanPassword}\",\"engine\":\"postgres\"}}",
            after: $"{{\"password\":\"{PlanPassword}\",\"engine\":\"postgres\"}}",
            beforeSensitive: "{\"password\":true}", afterSensitive: "{\"password\":true}"));

    /// <summary>A hostile incident server: it puts the Authorization header it received into its answers.</summary>
    private static Task Echo(HttpContext context, int status)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        return FakeApiServer.Json(context,
            $$"""{"incidents":[{"id":"INC-{{auth}}","impact":"major","status":"investigating","services":[],"title":"echo {{auth}}"}],"error":"{{auth}}"}""", status);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("azure")]
    public async Task No_planted_secret_appears_in_any_output(string platform)
    {
        await using var echoing = await FakeApiServer.StartAsync(ctx => Echo(ctx, 200));
        await using var failing = await FakeApiServer.StartAsync(ctx => Echo(ctx, 500));
        _workspace.Write("policy.yml", PolicyYaml(echoing.Url("/incidents"), failing.Url("/incidents")));
        _workspace.Write("plan.json", Plan());
        Directory.CreateDirectory(_workspace.File("out"));
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_TOKEN"] = GitHubToken,
            ["SYSTEM_ACCESSTOKEN"] = AzureToken,
            ["INCIDENT_TOKEN"] = IncidentToken,
            ["NO_COLOR"] = "1",
        };
        if (platform == "github")
        {
            env["GITHUB_ACTIONS"] = "true";
            env["GITHUB_STEP_SUMMARY"] = _workspace.File("out", "step-summary.md");
            env["GITHUB_OUTPUT"] = _workspace.File("out", "step-output.txt");
        }
        else
        {
            env["TF_BUILD"] = "True";
        }

        var result = CliRunner.InDirectory(_workspace.Path, env, "check", "--policy", "policy.yml", "--plan", "plan.json",
            "--environment", "production", "--now", "2026-11-21T10:00:00Z",
            "--json", "out/report.json", "--sarif", "out/report.sarif", "--junit", "out/report.xml", "--markdown", "out/summary.md",
            "--audit-log", "out/audit.jsonl");

        // The run did see the secrets: the rules tripped on the sensitive value and on the incidents.
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK db-password-changes");
        result.Out.ShouldContain("BLOCK incidents-echoed");
        result.Out.ShouldContain("BLOCK incidents-failing");
        echoing.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "Bearer " + IncidentToken);
        foreach (var report in new[] { "report.json", "report.sarif", "report.xml", "summary.md", "audit.jsonl" })
        {
            File.Exists(_workspace.File("out", report)).ShouldBeTrue($"{report} was not written, so it was not searched");
        }
        if (platform == "github") File.Exists(_workspace.File("out", "step-summary.md")).ShouldBeTrue();

        var outputs = new Dictionary<string, string>
        {
            ["stdout"] = MaskCommandsRemoved(result.Out, platform),
            ["stderr"] = result.Error,
        };
        foreach (var file in Directory.EnumerateFiles(_workspace.File("out")))
        {
            outputs[Path.GetFileName(file)] = File.ReadAllText(file);
        }
        foreach (var (name, text) in outputs)
        {
            foreach (var secret in s_secrets)
            {
                text.ShouldNotContain(secret, Case.Insensitive, $"{name} leaks a planted secret");
            }
        }
    }

    /// <summary>The one place a token may be printed is the platform's own masking command, which hides it from the log.</summary>
    private static string MaskCommandsRemoved(string stdout, string platform)
    {
        var prefix = platform == "github" ? "::add-mask::" : "##vso[task.setsecret]";
        return string.Join('\n', stdout.Split('\n').Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task On_GitHub_Actions_every_token_the_run_reads_is_masked_first()
    {
        await using var echoing = await FakeApiServer.StartAsync(ctx => Echo(ctx, 200));
        _workspace.Write("policy.yml", PolicyYaml(echoing.Url("/incidents"), echoing.Url("/incidents")));
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_TOKEN"] = GitHubToken,
            ["INCIDENT_TOKEN"] = IncidentToken,
        };
        var result = CliRunner.InDirectory(_workspace.Path, env, "check", "--policy", "policy.yml", "--now", "2026-11-21T10:00:00Z");
        var lines = result.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.ShouldContain("::add-mask::" + GitHubToken);
        lines.ShouldContain("::add-mask::" + IncidentToken);
        lines.FindIndex(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ShouldBe(0, "masks come before any other output");
    }

    public void Dispose() => _workspace.Dispose();
}
