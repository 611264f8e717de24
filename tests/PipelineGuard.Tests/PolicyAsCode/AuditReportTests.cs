using System.Text.Json;
using PipelineGuard.Audit;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.PolicyAsCode;

public class AuditReportTests
{
    private const string Policy = """
        version: 1
        mode: audit
        environments:
          production: [prod, production]
        rules:
          - id: no-db-destroy
            severity: critical
            enforcement: block
            when: { environments: [production] }
            terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
            override:
              trailer: Guard-Override
          - id: no-bucket-destroy
            severity: high
            enforcement: block
            terraform: { resource_types: [aws_s3_bucket], actions: [delete] }
            exceptions:
              - { targets: [aws_s3_bucket.scratch], reason: recreated nightly, expires: 2026-11-28 }
        """;

    private static string Plan(params string[] addresses) =>
        Build.PlanJson([.. addresses.Select(a => Build.Change(a, "[\"delete\"]", before: "{\"id\":\"x\"}"))]);

    /// <summary>A week of audit-mode runs, through the real CLI, into one or two logs.</summary>
    private static (string LogA, string LogB) AWeekOfRuns(TempFolder dir)
    {
        dir.Write("policy.yml", Policy);
        dir.Write("db.json", Plan("aws_db_instance.orders"));
        dir.Write("both.json", Plan("aws_db_instance.orders", "aws_s3_bucket.assets", "aws_s3_bucket.scratch"));
        dir.Write("none.json", Build.PlanJson());
        dir.Write("override.json", """{ "commit": { "sha": "c0ffee", "message": "Drop orders\n\nGuard-Override: no-db-destroy moved to Aurora (CHG-7)" } }""");
        var runs = new (string Plan, string Env, string Day, string Log)[]
        {
            ("db.json", "production", "2026-11-16", "a.jsonl"),
            ("both.json", "production", "2026-11-17", "a.jsonl"),
            ("none.json", "production", "2026-11-18", "a.jsonl"),
            ("db.json", "staging", "2026-11-19", "b.jsonl"),
            ("db.json", "production", "2026-11-20", "b.jsonl"),
        };
        foreach (var (plan, env, day, log) in runs)
        {
            var result = CliRunner.InDirectory(dir.Path, null, "check", "--policy", "policy.yml", "--plan", plan, "--environment", env,
                "--now", $"{day}T09:00:00Z", "--audit-log", log);
            result.ExitCode.ShouldBe(0, result.Error);
        }
        // An overridden run: the engine with a commit trailer, appended like check appends.
        var policy = Build.Policy(Policy);
        var evaluation = Build.Evaluate(policy, new DeployContext
        {
            Environment = "production",
            Commit = new CommitInfo { Sha = "c0ffee", Author = "alice", Message = "Drop orders\n\nGuard-Override: no-db-destroy moved to Aurora (CHG-7)" },
        }, NodaTime.Instant.FromUtc(2026, 11, 21, 9, 0), null, Build.Plan(Plan("aws_db_instance.orders"), policy));
        AuditLog.Append(dir.File("b.jsonl"), AuditRecord.FromEvaluation(evaluation, "overridden-run"));
        return (dir.File("a.jsonl"), dir.File("b.jsonl"));
    }

    [Fact]
    public void The_report_counts_per_rule_what_would_have_blocked_warned_been_waived_or_overridden_over_the_period()
    {
        using var dir = new TempFolder();
        var (a, b) = AWeekOfRuns(dir);
        var result = CliRunner.InDirectory(dir.Path, null, "audit", "report", a, b, "--format", "json");
        result.ExitCode.ShouldBe(0, result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        root.GetProperty("runs").GetInt32().ShouldBe(6);
        root.GetProperty("period").GetProperty("from").GetString().ShouldBe("2026-11-16T09:00:00Z");
        root.GetProperty("period").GetProperty("to").GetString().ShouldBe("2026-11-21T09:00:00Z");
        root.GetProperty("logs").EnumerateArray().ShouldAllBe(l => l.GetProperty("intact").GetBoolean());
        var rules = root.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);

        var db = rules["no-db-destroy"];
        db.GetProperty("runs").GetInt32().ShouldBe(5); // the staging run is out of scope
        db.GetProperty("blockedRuns").GetInt32().ShouldBe(3);
        var dbOutcomes = db.GetProperty("outcomes");
        dbOutcomes.GetProperty("block").GetInt32().ShouldBe(3);
        dbOutcomes.GetProperty("overridden").GetInt32().ShouldBe(1);
        dbOutcomes.GetProperty("pass").GetInt32().ShouldBe(1);
        dbOutcomes.GetProperty("not-applicable").GetInt32().ShouldBe(1);
        db.GetProperty("topTargets")[0].GetProperty("target").GetString().ShouldBe("aws_db_instance.orders");
        db.GetProperty("topTargets")[0].GetProperty("count").GetInt32().ShouldBe(4);
        db.GetProperty("verdict").GetString()!.ShouldStartWith("would have blocked 3 of 5 runs");

        var bucket = rules["no-bucket-destroy"];
        bucket.GetProperty("runs").GetInt32().ShouldBe(6);
        bucket.GetProperty("outcomes").GetProperty("block").GetInt32().ShouldBe(1);
        bucket.GetProperty("outcomes").GetProperty("waived").GetInt32().ShouldBe(1);
        bucket.GetProperty("topTargets").EnumerateArray().Select(t => t.GetProperty("target").GetString()).ShouldBe(["aws_s3_bucket.assets", "aws_s3_bucket.scratch"]);
    }

    [Fact]
    public void The_markdown_report_has_a_row_per_rule_the_top_targets_and_says_which_rules_are_ready_to_enforce()
    {
        using var dir = new TempFolder();
        dir.Write("policy.yml", Policy);
        dir.Write("none.json", Build.PlanJson());
        for (var day = 16; day <= 20; day++)
        {
            CliRunner.InDirectory(dir.Path, null, "check", "--policy", "policy.yml", "--plan", "none.json", "--environment", "production",
                "--now", $"2026-11-{day}T09:00:00Z", "--audit-log", "quiet.jsonl").ExitCode.ShouldBe(0);
        }
        var (a, _) = AWeekOfRuns(dir);
        var quiet = CliRunner.InDirectory(dir.Path, null, "audit", "report", "quiet.jsonl").Out;
        quiet.ShouldContain("- `quiet.jsonl`: 10 records, hash chain intact");
        quiet.ShouldContain("| `no-db-destroy` | block | 5 | 0 | 0 | 0 | 0 | 0 | 2026-11-16T09:00:00Z | 2026-11-20T09:00:00Z | did not trip in 5 runs that gave it a plan to judge: ready to enforce |");
        var busy = CliRunner.InDirectory(dir.Path, null, "audit", "report", a, "--output", "report.md");
        busy.ExitCode.ShouldBe(0);
        var markdown = File.ReadAllText(dir.File("report.md"));
        markdown.ShouldContain("# PipelineGuard audit report");
        markdown.ShouldContain("| `no-db-destroy` | block | 3 | 2 | 0 | 0 | 0 | 0 |");
        markdown.ShouldContain("### `no-db-destroy`");
        markdown.ShouldContain("- `aws_db_instance.orders`: 2");
        markdown.ShouldContain("hash chain intact");
    }

    [Fact]
    public void A_report_over_a_tampered_log_says_where_the_chain_breaks()
    {
        using var dir = new TempFolder();
        var (a, _) = AWeekOfRuns(dir);
        var lines = File.ReadAllLines(a);
        lines[2] = lines[2].Replace("\"outcome\":\"block\"", "\"outcome\":\"pass\"", StringComparison.Ordinal);
        File.WriteAllLines(a, lines);
        var result = CliRunner.InDirectory(dir.Path, null, "audit", "report", a);
        result.Out.ShouldContain("hash chain broken at line 3");
    }

    [Fact]
    public void An_exception_expiring_within_14_days_is_announced_in_the_console_the_json_report_the_audit_log_the_audit_report_and_the_CI_annotations()
    {
        using var dir = new TempFolder();
        dir.Write("policy.yml", Policy);
        dir.Write("plan.json", Plan("aws_s3_bucket.scratch"));
        const string Announcement = "the exception for aws_s3_bucket.scratch expires on 2026-11-28 (in 7 days";
        var result = CliRunner.InDirectory(dir.Path, null, "check", "--policy", "policy.yml", "--plan", "plan.json", "--now", "2026-11-21T09:00:00Z",
            "--json", "report.json", "--audit-log", "audit.jsonl");
        result.Out.ShouldContain("NOTICE rule 'no-bucket-destroy': " + Announcement);
        File.ReadAllText(dir.File("report.json")).ShouldContain(Announcement);
        var record = File.ReadAllLines(dir.File("audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(r => r.GetProperty("rule").GetString() == "no-bucket-destroy");
        record.GetProperty("outcome").GetString().ShouldBe("waived");
        record.GetProperty("notices")[0].GetString()!.ShouldContain(Announcement);
        var report = CliRunner.InDirectory(dir.Path, null, "audit", "report", "audit.jsonl").Out;
        report.ShouldContain("## Notices (expiring and expired exceptions)");
        report.ShouldContain(Announcement);

        // On the CI platforms the announcement is a warning annotation.
        var github = CliRunner.InDirectory(dir.Path, new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" },
            "check", "--policy", "policy.yml", "--plan", "plan.json", "--now", "2026-11-21T09:00:00Z");
        github.Out.ShouldContain("::warning title=pipeline-guard%3A no-bucket-destroy::rule 'no-bucket-destroy': " + Announcement);
        var azure = CliRunner.InDirectory(dir.Path, new Dictionary<string, string?> { ["TF_BUILD"] = "True" },
            "check", "--policy", "policy.yml", "--plan", "plan.json", "--now", "2026-11-21T09:00:00Z");
        azure.Out.ShouldContain("##vso[task.logissue type=warning;code=no-bucket-destroy;]rule 'no-bucket-destroy': " + Announcement);

        // Fifteen days ahead it is not announced yet.
        var early = CliRunner.InDirectory(dir.Path, null, "check", "--policy", "policy.yml", "--plan", "plan.json", "--now", "2026-11-13T09:00:00Z");
        early.Out.ShouldNotContain("expires on 2026-11-28");
    }
}
