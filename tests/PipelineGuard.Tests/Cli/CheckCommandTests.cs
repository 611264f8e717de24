using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Cli;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class CheckCommandTests
{
    private static string Example => RepoPaths.InRepo("examples", "prod-db-delete", "plan.json");

    [Fact]
    public void The_readme_quick_start_blocks_the_production_database_delete_with_exit_code_1()
    {
        // The README's first command, run as a real process from the repository root.
        var result = CliRunner.AsProcess(RepoPaths.Root, "check", "--plan", "examples/prod-db-delete/plan.json", "--environment", "production");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK no-destroy-stateful");
        result.Out.ShouldContain("aws_db_instance.orders would be destroyed");
        result.Out.ShouldContain("Decision: BLOCK");
    }

    [Fact]
    public void The_same_plan_for_staging_is_allowed_with_exit_code_0()
    {
        var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "staging");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("Decision: PASS");
    }

    [Fact]
    public void Audit_mode_reports_the_block_and_exits_0()
    {
        var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "production", "--mode", "audit");
        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("audit mode: would have blocked");
    }

    [Fact]
    public void The_json_report_has_the_contract_shape()
    {
        var dir = Directory.CreateTempSubdirectory("pg-json-");
        try
        {
            var report = Path.Combine(dir.FullName, "report.json");
            var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "production", "--actor", "alice", "--commit", "abc123", "--json", report, "--now", "2026-11-21T10:00:00Z");
            result.ExitCode.ShouldBe(1);
            using var doc = JsonDocument.Parse(File.ReadAllText(report));
            var root = doc.RootElement;
            root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
            root.GetProperty("tool").GetProperty("name").GetString().ShouldBe("pipeline-guard");
            root.GetProperty("decision").GetString().ShouldBe("block");
            root.GetProperty("mode").GetString().ShouldBe("enforce");
            root.GetProperty("evaluatedAt").GetString().ShouldBe("2026-11-21T10:00:00Z");
            var context = root.GetProperty("context");
            context.GetProperty("environment").GetString().ShouldBe("production");
            context.GetProperty("service").ValueKind.ShouldBe(JsonValueKind.Null);
            context.GetProperty("actor").GetString().ShouldBe("alice");
            context.GetProperty("commit").GetString().ShouldBe("abc123");
            var finding = root.GetProperty("findings")[0];
            finding.GetProperty("ruleId").GetString().ShouldBe("no-destroy-stateful");
            finding.GetProperty("severity").GetString().ShouldBe("critical");
            finding.GetProperty("enforcement").GetString().ShouldBe("block");
            finding.GetProperty("outcome").GetString().ShouldBe("block");
            finding.GetProperty("message").GetString()!.ShouldContain("aws_db_instance.orders");
            var target = finding.GetProperty("target");
            target.GetProperty("kind").GetString().ShouldBe("terraform-resource");
            target.GetProperty("address").GetString().ShouldBe("aws_db_instance.orders");
            target.GetProperty("file").GetString().ShouldBe(Example);
            finding.GetProperty("remediation").GetString().ShouldNotBeNullOrEmpty();
            finding.GetProperty("override").ValueKind.ShouldBe(JsonValueKind.Null);
            finding.GetProperty("exception").ValueKind.ShouldBe(JsonValueKind.Null);
            var summary = root.GetProperty("summary");
            summary.GetProperty("findings").GetInt32().ShouldBe(1);
            summary.GetProperty("blocking").GetInt32().ShouldBe(1);
            summary.GetProperty("rules").GetInt32().ShouldBeGreaterThan(5);
            root.GetProperty("inputs")[0].GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_sensitive_value_in_the_plan_appears_in_no_output()
    {
        var dir = Directory.CreateTempSubdirectory("pg-secret-");
        try
        {
            var report = Path.Combine(dir.FullName, "report.json");
            var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "production", "--json", report);
            const string secret = "not-in-the-plan-because-sensitive";
            File.ReadAllText(Example).ShouldContain(secret);
            result.Out.ShouldNotContain(secret);
            result.Error.ShouldNotContain(secret);
            File.ReadAllText(report).ShouldNotContain(secret);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unreadable_plan_exits_2_naming_the_file()
    {
        var result = CliRunner.InProcess("check", "--plan", "no/such/plan.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no/such/plan.json");
        result.Error.ShouldContain("nothing was evaluated");
    }

    [Fact]
    public void A_malformed_plan_exits_2_with_file_line_and_column()
    {
        var result = CliRunner.InProcess("check", "--plan", RepoPaths.InCorpus("terraform-plans", "terraform-json", "invalid.json"));
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldMatch(@"invalid\.json:676:\d+: not valid JSON");
    }

    [Fact]
    public void An_invalid_policy_exits_2_with_every_error_positioned()
    {
        var dir = Directory.CreateTempSubdirectory("pg-badpolicy-");
        try
        {
            var policy = Path.Combine(dir.FullName, "policy.yml");
            File.WriteAllText(policy, "version: 1\nrules:\n  - id: a\n    enforcement: hard\n    terraform: { colour: red }\n");
            var result = CliRunner.InProcess("check", "--policy", policy, "--plan", Example);
            result.ExitCode.ShouldBe(2);
            result.Error.ShouldContain($"{policy}:4:18:");
            result.Error.ShouldContain($"{policy}:5:18:");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_bad_flag_value_exits_2()
    {
        CliRunner.InProcess("check", "--mode", "strict").ExitCode.ShouldBe(2);
        CliRunner.InProcess("check", "--now", "yesterday").ExitCode.ShouldBe(2);
        CliRunner.InProcess("check", "--no-such-flag").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Quiet_prints_only_blocking_findings_and_the_verdict()
    {
        var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "production", "--quiet");
        result.Out.ShouldStartWith("BLOCK no-destroy-stateful");
        result.Out.ShouldNotContain("input plan");
    }
}
