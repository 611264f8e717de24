using PipelineGuard.Audit;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>Attacks on scope and defaults: each test is named after what a pull-request author would try.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public class ScopeDefaultsAttackTests
{
    private static readonly Dictionary<string, string?> NoCi = new() { ["NO_COLOR"] = "1" };
    private static readonly string DeleteDb = Build.PlanJson(Build.Change("aws_db_instance.orders", """["delete"]""", """{"identifier":"orders"}"""));

    private static CliRunner.Result Check(TempFolder dir, params string[] args) => CliRunner.InDirectory(dir.Path, NoCi, ["check", .. args]);

    [Fact]
    public void Leaving_out_the_environment_does_not_let_a_table_wipe_through()
    {
        using var dir = new TempFolder();
        dir.Write("db/V1__wipe.sql", "DELETE FROM sessions;\n");
        var result = Check(dir, "--migrations", "db");
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        result.Out.ShouldContain("sql-data-loss");
    }

    [Fact]
    public void Leaving_out_the_environment_judges_production_rules_and_says_so()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var evaluation = Build.Evaluate(policy, DeployContext.Empty, plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Block);
        evaluation.Findings.ShouldContain(f => f.RuleId == "no-destroy-stateful" && f.Outcome == Outcome.Block);
        evaluation.Notices.ShouldContain(n => n.Message.StartsWith("environment unknown: judged as production", StringComparison.Ordinal));
    }

    [Fact]
    public void Emptying_a_table_in_staging_is_blocked_because_it_empties_production_when_promoted()
    {
        using var dir = new TempFolder();
        dir.Write("db/V1__wipe.sql", "TRUNCATE users;\n");
        var result = Check(dir, "--migrations", "db", "--environment", "staging");
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        result.Out.ShouldContain("sql-data-loss");
    }

    [Theory]
    [InlineData(" production ")]
    [InlineData("eu-prod")]
    [InlineData("prod_eu")]
    [InlineData("prod2")]
    [InlineData("production-1")]
    [InlineData("prd")]
    [InlineData("PROD-us")]
    public void Spelling_production_another_usual_way_does_not_move_the_deploy_out_of_scope(string environment)
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var evaluation = Build.Evaluate(policy, new DeployContext { Environment = environment }, plans: Build.Plan(DeleteDb, policy));
        evaluation.Findings.ShouldContain(f => f.RuleId == "no-destroy-stateful" && f.Outcome == Outcome.Block, $"environment '{environment}'");
    }

    [Fact]
    public void A_misspelt_production_environment_is_named_with_the_alias_it_resembles()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var evaluation = Build.Evaluate(policy, new DeployContext { Environment = "prodution" }, plans: Build.Plan(DeleteDb, policy));
        evaluation.Notices.ShouldContain(n => n.Message.Contains("resembles 'production'", StringComparison.Ordinal));
        var staging = Build.Evaluate(policy, new DeployContext { Environment = "staging" }, plans: Build.Plan(DeleteDb, policy));
        staging.Notices.ShouldNotContain(n => n.Message.Contains("resembles", StringComparison.Ordinal));
        staging.Findings.ShouldNotContain(f => f.RuleId == "no-destroy-stateful");
    }

    [Fact]
    public void Pointing_migrations_at_an_empty_folder_is_exit_2_not_a_pass()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("db"));
        var result = Check(dir, "--migrations", "db", "--environment", "production");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("holds no migration file");
    }

    [Fact]
    public void A_policy_with_no_rules_is_exit_2_not_a_pass()
    {
        using var dir = new TempFolder();
        dir.Write("empty.yml", "version: 1\nrules: []\n");
        dir.Write("plan.json", DeleteDb);
        var result = Check(dir, "--policy", "empty.yml", "--plan", "plan.json", "--environment", "production");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("has no rules");
    }

    [Fact]
    public void A_plan_whose_resource_changes_is_null_is_announced_as_judging_nothing()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var plan = Build.Plan("""{"format_version":"1.2","terraform_version":"1.9.5","resource_changes":null}""", policy);
        var evaluation = Build.Evaluate(policy, new DeployContext { Environment = "production" }, plans: plan);
        evaluation.Notices.ShouldContain(n => n.Message.Contains("no resource changes", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_since_that_selects_no_migration_says_so_and_lists_no_skipped_file_as_judged()
    {
        using var repo = new TempGitRepo();
        Directory.CreateDirectory(Path.Combine(repo.Path, "db"));
        File.WriteAllText(Path.Combine(repo.Path, "db", "V1__drop.sql"), "DROP TABLE legacy;\n");
        repo.Git("add", ".");
        repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "old migration");
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Commit("unrelated change");
        var json = Path.Combine(repo.Path, "report.json");
        var result = CliRunner.InDirectory(repo.Path, NoCi, "check", "--migrations", "db", "--changed-since", "main", "--environment", "production", "--json", json);
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        result.Out.ShouldContain("selected no migration");
        File.ReadAllText(json).ShouldNotContain("V1__drop.sql");
    }

    [Fact]
    public void A_sql_rule_that_never_saw_a_migration_is_not_called_ready_to_enforce()
    {
        using var dir = new TempFolder();
        dir.Write("plan.json", Build.PlanJson(Build.Change("aws_sqs_queue.jobs", """["create"]""", null, """{"name":"jobs"}""")));
        var log = dir.File("audit.jsonl");
        var result = Check(dir, "--plan", "plan.json", "--environment", "production", "--audit-log", log);
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        var report = AuditReport.FromFiles([log]);
        report.Rules.Single(r => r.Rule == "sql-data-loss").Verdict.ShouldNotContain("ready to enforce");
        report.Rules.Single(r => r.Rule == "no-destroy-stateful").Verdict.ShouldContain("ready to enforce");
    }

    private const string WaiverPolicy = """
        version: 1
        rules:
          - id: no-destroy-db
            severity: critical
            enforcement: block
            terraform: { resource_types: [aws_db_instance], actions: [delete] }
            exceptions:
              - { targets: ["**"], reason: "temporary", expires: 2031-01-01 }
        """;

    [Fact]
    public void A_waiver_of_every_target_for_years_is_a_warning_in_validate_and_check()
    {
        using var dir = new TempFolder();
        dir.Write("policy.yml", WaiverPolicy);
        var validate = CliRunner.InDirectory(dir.Path, NoCi, "validate", "policy.yml");
        validate.ExitCode.ShouldBe(0);
        validate.Out.ShouldContain("match every finding");
        validate.Out.ShouldContain("more than a year");
        var policy = Build.Policy(WaiverPolicy);
        var evaluation = Build.Evaluate(policy, plans: Build.Plan(DeleteDb, policy));
        evaluation.Notices.ShouldContain(n => n.Message.Contains("is broad", StringComparison.Ordinal));
    }

    [Fact]
    public void A_central_pack_that_forbids_broad_waivers_refuses_them()
    {
        var central = """
            version: 1
            central: { allow_weakening: false, allow_local_exceptions: true, allow_broad_exceptions: false }
            rules:
              - id: no-destroy-db
                severity: critical
                enforcement: block
                terraform: { resource_types: [aws_db_instance], actions: [delete] }
            """;
        var local = """
            version: 1
            adjust:
              - rule: no-destroy-db
                exceptions:
                  - { targets: ["*"], reason: "just for now", expires: 2026-12-01 }
            """;
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([("central.yml", central, false), ("local.yml", local, false)]));
        ex.Errors.ShouldContain(e => e.Message.Contains("allow_broad_exceptions is false", StringComparison.Ordinal));
    }

    [Fact]
    public void Init_keeps_the_builtin_protections_and_judges_only_changed_migrations()
    {
        using var dir = new TempFolder();
        dir.Write(".github/workflows/deploy.yml", "on: push\n");
        dir.Write("db/migrations/V1__init.sql", "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, data JSONB);\n");
        var init = CliRunner.InDirectory(dir.Path, NoCi, "init");
        init.ExitCode.ShouldBe(0, init.Out + init.Error);
        init.Out.ShouldContain("--changed-since");
        var policy = PolicyLoader.Load([dir.File(".pipeline-guard.yml")]);
        policy.Mode.ShouldBe(PolicyMode.Audit);
        foreach (var id in new[] { "no-destroy-stateful", "deletion-protection-off", "final-snapshot-skipped", "no-world-open-admin-ports", "sql-data-loss" })
        {
            policy.Rules.ShouldContain(r => r.Id == id);
        }
        var openSsh = Build.PlanJson(Build.Change("aws_security_group.ssh", """["create"]""", null,
            """{"ingress":[{"cidr_blocks":["0.0.0.0/0"],"ipv6_cidr_blocks":[],"from_port":22,"to_port":22,"protocol":"tcp"}]}"""));
        var evaluation = Build.Evaluate(policy, new DeployContext { Environment = "production" }, plans: Build.Plan(openSsh, policy));
        evaluation.Findings.ShouldContain(f => f.RuleId == "no-world-open-admin-ports");
    }
}
