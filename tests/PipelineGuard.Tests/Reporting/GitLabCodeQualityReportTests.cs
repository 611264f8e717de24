using System.Text.Json;
using PipelineGuard.Engine;
using PipelineGuard.Reporting;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reporting;

public sealed class GitLabCodeQualityReportTests
{
    private static readonly string[] s_gitLabSeverities = ["info", "minor", "major", "critical", "blocker"];

    private static List<JsonElement> Issues(Evaluation e) =>
        [.. JsonDocument.Parse(GitLabCodeQualityReport.ToJson(e, ReportFixture.Paths("/repo"))).RootElement.EnumerateArray()];

    private static JsonElement IssueOf(List<JsonElement> issues, string rule, string path) =>
        issues.Single(i => i.GetProperty("check_name").GetString() == rule && i.GetProperty("location").GetProperty("path").GetString() == path);

    [Fact]
    public void Every_issue_has_the_fields_gitlab_reads_with_a_repository_relative_path()
    {
        var issues = Issues(ReportFixture.Evaluate());

        issues.Count.ShouldBe(ReportFixture.Evaluate().Findings.Count);
        foreach (var issue in issues)
        {
            issue.EnumerateObject().Select(p => p.Name).ShouldBe(["description", "check_name", "fingerprint", "severity", "location"]);
            issue.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
            s_gitLabSeverities.ShouldContain(issue.GetProperty("severity").GetString());
            var path = issue.GetProperty("location").GetProperty("path").GetString()!;
            path.ShouldNotStartWith("/");
            path.ShouldNotStartWith("..");
            issue.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        }
    }

    [Fact]
    public void A_block_is_at_least_critical_a_warning_major_and_a_waived_finding_info()
    {
        var issues = Issues(ReportFixture.Evaluate());

        IssueOf(issues, "no-destroy-db", "infra/main.tf").GetProperty("severity").GetString().ShouldBe("blocker");
        IssueOf(issues, "deploy-freeze", ReportFixture.PolicyFile).GetProperty("severity").GetString().ShouldBe("critical");
        IssueOf(issues, "ecs-review", "infra/modules/api/main.tf").GetProperty("severity").GetString().ShouldBe("major");
        var waived = IssueOf(issues, "sg-changes", "infra/main.tf");
        waived.GetProperty("severity").GetString().ShouldBe("info");
        waived.GetProperty("description").GetString()!.ShouldContain("(waived: reviewed in CHG-7)");
    }

    [Fact]
    public void In_audit_mode_a_block_keeps_its_severity_and_says_it_would_block()
    {
        var issue = IssueOf(Issues(ReportFixture.Evaluate(PolicyMode.Audit)), "no-destroy-db", "infra/main.tf");

        issue.GetProperty("severity").GetString().ShouldBe("blocker");
        issue.GetProperty("description").GetString()!.ShouldStartWith("would block (audit): ");
    }

    [Fact]
    public void Resources_sit_on_their_tf_lines_and_a_finding_without_a_file_on_its_rule_in_the_policy()
    {
        var issues = Issues(ReportFixture.Evaluate());

        IssueOf(issues, "no-destroy-db", "infra/main.tf").GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(3);
        IssueOf(issues, "no-destroy-db", ReportFixture.PlanFile).GetProperty("description").GetString()!.ShouldContain("aws_db_instance.orders");
        IssueOf(issues, "deploy-freeze", ReportFixture.PolicyFile).GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(
            ReportFixture.PolicyYaml.Split('\n').ToList().FindIndex(l => l.Contains("id: deploy-freeze", StringComparison.Ordinal)) + 1);
    }

    [Fact]
    public void Fingerprints_are_unique_and_do_not_change_when_messages_are_reworded()
    {
        static List<string> Fingerprints(Evaluation e) => [.. Issues(e).Select(i => i.GetProperty("fingerprint").GetString()!)];
        var before = ReportFixture.Evaluate();
        var reworded = before with { Findings = [.. before.Findings.Select(f => f with { Message = "reworded: " + f.Message, Remediation = "elsewhere" })] };

        Fingerprints(reworded).ShouldBe(Fingerprints(before));
        Fingerprints(before).ShouldBeUnique();
        Fingerprints(before).ShouldAllBe(f => f.Length == 32);
    }

    [Fact]
    public void Two_findings_of_one_rule_on_one_line_and_resource_still_get_two_fingerprints()
    {
        var e = ReportFixture.Evaluate();
        var twice = e with { Findings = [e.Findings[0], e.Findings[0] with { Message = "again" }] };

        Issues(twice).Select(i => i.GetProperty("fingerprint").GetString()).ShouldBeUnique();
    }

    [Fact]
    public void The_report_holds_no_value_the_plan_marks_sensitive()
    {
        GitLabCodeQualityReport.ToJson(ReportFixture.Evaluate(), ReportFixture.Paths("/repo")).ShouldNotContain(ReportFixture.SensitiveValue);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Slow)]
    public async Task A_token_an_incident_server_echoes_is_redacted_in_the_file_check_writes()
    {
        const string token = "PlantedIncidentToken-gl-5a7d";
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx,
            $$"""{"incidents":[{"id":"INC-1","impact":"major","status":"investigating","services":[],"title":"echo {{ctx.Request.Headers.Authorization}}"}]}"""));
        using var folder = new TempFolder("pg-gitlab-");
        folder.Write("policy.yml", $$"""
            version: 1
            rules:
              - id: incidents-echoed
                severity: high
                enforcement: block
                incident:
                  source: http-json
                  url: {{server.Url("/incidents")}}
                  token_env: INCIDENT_TOKEN
                  mapping: { items: incidents }
            """);

        var result = CliRunner.InDirectory(folder.Path, new Dictionary<string, string?> { ["INCIDENT_TOKEN"] = token, ["NO_COLOR"] = "1" },
            "check", "--policy", "policy.yml", "--environment", "production", "--gitlab-codequality", "out/codequality.json");

        result.ExitCode.ShouldBe(1, result.Error);
        server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "Bearer " + token);
        var text = File.ReadAllText(folder.File("out", "codequality.json"));
        text.ShouldNotContain(token);
        var issue = JsonDocument.Parse(text).RootElement.EnumerateArray().Single();
        issue.GetProperty("check_name").GetString().ShouldBe("incidents-echoed");
        issue.GetProperty("description").GetString()!.ShouldContain("echo Bearer ", customMessage: "the echoed header reached the finding, so redaction was put to the test");
        issue.GetProperty("location").GetProperty("path").GetString().ShouldBe("policy.yml");
    }
}
