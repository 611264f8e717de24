using System.Text.RegularExpressions;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.PolicyAsCode;

[Trait(TestCategories.Key, TestCategories.Slow)]
public partial class PolicyTestRunnerTests
{
    [GeneratedRegex(@"^(\d+) passed, (\d+) failed$")]
    private static partial Regex ClosingLine();

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    private const string Policy = """
        version: 1
        environments:
          production: [prod, production]
        rules:
          - id: no-db-destroy
            severity: critical
            enforcement: block
            when: { environments: [production] }
            terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
            exceptions:
              - { targets: [aws_db_instance.legacy], reason: retired in Q4, expires: 2026-11-25 }
        """;

    private static TempFolder PackWith(string tests)
    {
        var dir = new TempFolder("pg-tests-");
        dir.Write("pack/pack.yml", Policy);
        File.Copy(RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"), dir.Write("pack/tests/fixtures/plan.json", ""), overwrite: true);
        dir.Write("pack/tests/cases.yml", tests);
        return dir;
    }

    [Fact]
    public void Every_ready_made_pack_ships_tests_and_they_pass_with_a_closing_line_CI_can_read()
    {
        var result = CliRunner.AsProcess(RepoPaths.Root, "test", "policies/");
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        var closing = ClosingLine().Match(LastLine(result.Out));
        closing.Success.ShouldBeTrue(LastLine(result.Out));
        int.Parse(closing.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(20);
        closing.Groups[2].Value.ShouldBe("0");
        foreach (var pack in Directory.EnumerateDirectories(RepoPaths.InRepo("policies")))
        {
            var name = Path.GetFileName(pack);
            File.Exists(Path.Combine(pack, name + ".yml")).ShouldBeTrue($"policies/{name} keeps its rules in {name}.yml");
            Directory.EnumerateFiles(Path.Combine(pack, "tests"), "*.yml").ShouldNotBeEmpty($"policies/{name} has no tests");
            result.Out.ShouldContain($"policies/{name}/tests/");
        }
        // The repository root relies on policies/ holding no policy file of its own.
        Directory.EnumerateFiles(RepoPaths.InRepo("policies"), "*.y*ml").ShouldBeEmpty();
    }

    [Fact]
    public void A_failing_case_prints_expected_against_actual_and_the_run_exits_1()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: passes
                plan: fixtures/plan.json
                environment: production
                now: 2026-11-21T10:00:00Z
                expect:
                  decision: block
                  findings:
                    - { rule: no-db-destroy, outcome: block, target: aws_db_instance.orders }
              - name: expects the wrong things
                plan: fixtures/plan.json
                environment: production
                now: 2026-11-21T10:00:00Z
                expect:
                  decision: pass
                  findings:
                    - { rule: no-db-destroy, outcome: waived, target: aws_db_instance.orders }
            """);
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain("  PASS  passes");
        result.Out.ShouldContain("  FAIL  expects the wrong things");
        result.Out.ShouldContain("- decision: pass");
        result.Out.ShouldContain("+ decision: block");
        result.Out.ShouldContain("- no-db-destroy waived aws_db_instance.orders");
        result.Out.ShouldContain("+ no-db-destroy block aws_db_instance.orders");
        LastLine(result.Out).ShouldBe("1 passed, 1 failed");
    }

    [Fact]
    public void A_case_sees_its_environment_and_clock_exactly_as_check_would()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: out of scope in staging
                plan: fixtures/plan.json
                environment: staging
                now: 2026-11-21T10:00:00Z
                expect: { decision: pass, findings: [] }
              - name: an exception expiring soon is announced
                plan: fixtures/plan.json
                environment: prod
                now: 2026-11-21T10:00:00Z
                expect:
                  notices: ["the exception for aws_db_instance.legacy expires on 2026-11-25 (in 4 days"]
              - name: after the expiry date the exception is reported as expired
                plan: fixtures/plan.json
                environment: prod
                now: 2026-11-26T10:00:00Z
                expect:
                  notices: ["expired on 2026-11-25 and no longer applies"]
              - name: audit mode still gives the verdict enforcement would
                plan: fixtures/plan.json
                environment: production
                mode: audit
                now: 2026-11-21T10:00:00Z
                expect:
                  decision: block
                  includes: [{ rule: no-db-destroy, outcome: block }]
            """);
        var result = CliRunner.InDirectory(dir.Path, null, "test", "pack");
        result.ExitCode.ShouldBe(0, result.Out);
        LastLine(result.Out).ShouldBe("4 passed, 0 failed");
    }

    [Fact]
    public void A_notice_expectation_that_is_not_met_fails_and_lists_the_notices_there_were()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: wrong notice
                plan: fixtures/plan.json
                environment: prod
                now: 2026-11-01T10:00:00Z
                expect:
                  notices: ["expires on 2026-11-25"]
            """);
        // On 2026-11-01 the exception is 24 days away: not yet announced.
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain("- notice containing 'expires on 2026-11-25'");
    }

    [Fact]
    public void An_invalid_test_file_is_reported_with_file_line_and_column()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: typo
                plann: fixtures/plan.json
                now: yesterday
                expect: { decision: maybe }
            """);
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain("pack/tests/cases.yml:4:5: case 'typo': unknown key 'plann' (did you mean 'plan'?)");
        result.Out.ShouldContain("pack/tests/cases.yml:5:10: case 'typo': 'now' must be an ISO-8601 instant");
        result.Out.ShouldContain("pack/tests/cases.yml:6:25: case 'typo' expect: 'decision' must be one of pass | warn | block, not 'maybe'");
        LastLine(result.Out).ShouldBe("0 passed, 1 failed");
    }

    [Fact]
    public void An_unreadable_input_fails_its_case_and_the_other_cases_still_run()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: missing plan
                plan: fixtures/missing.json
                expect: { decision: pass }
              - name: fine
                plan: fixtures/plan.json
                environment: staging
                now: 2026-11-21T10:00:00Z
                expect: { decision: pass }
            """);
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain("the case's inputs could not be read: fixtures/missing.json");
        LastLine(result.Out).ShouldBe("1 passed, 1 failed");
    }

    [Fact]
    public void A_broken_policy_under_test_fails_every_case_with_its_errors()
    {
        using var dir = PackWith("version: 1\ncases:\n  - name: one\n    expect: { decision: pass }\n");
        File.WriteAllText(dir.File("pack", "pack.yml"), "version: 1\nrules:\n  - id: Bad Id\n    terraform: {}\n");
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain("the policy under test is invalid");
        result.Out.ShouldContain("pack.yml:3:9:");
        LastLine(result.Out).ShouldBe("0 passed, 1 failed");
    }

    [Fact]
    public void A_folder_without_tests_is_a_usage_error_not_a_silent_pass()
    {
        using var dir = new TempFolder();
        dir.Write("pack/pack.yml", Policy);
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no policy tests");
    }

    [Fact]
    public void The_head_commit_of_the_repository_holding_the_tests_does_not_leak_into_the_cases()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: blocks whatever the repository's last commit says
                plan: fixtures/plan.json
                environment: production
                now: 2026-11-21T10:00:00Z
                expect:
                  findings: [{ rule: no-db-destroy, outcome: block }]
              - name: a context file is how a case gives commit metadata
                plan: fixtures/plan.json
                context: fixtures/override.json
                now: 2026-11-21T10:00:00Z
                expect:
                  findings: [{ rule: no-db-destroy, outcome: overridden }]
            """);
        File.WriteAllText(dir.File("pack", "pack.yml"), Policy + "\n    override:\n      trailer: Guard-Override\n");
        dir.Write("pack/tests/fixtures/override.json",
            """{ "environment": "production", "commit": { "sha": "1234567", "message": "Drop\n\nGuard-Override: no-db-destroy planned retirement" } }""");
        var repo = new ScratchGitRepository(dir.Path);
        repo.Commit("Retire orders\n\nGuard-Override: no-db-destroy the repository's own commit must not count");
        var result = CliRunner.InDirectory(dir.Path, null, "test", ".");
        result.ExitCode.ShouldBe(0, result.Out);
        LastLine(result.Out).ShouldBe("2 passed, 0 failed");
    }

    [Fact]
    public void Platform_variables_of_the_machine_running_the_tests_do_not_leak_into_the_cases()
    {
        using var dir = PackWith("""
            version: 1
            cases:
              - name: the case's own environment is used, not the machine's
                plan: fixtures/plan.json
                environment: staging
                now: 2026-11-21T10:00:00Z
                expect: { decision: pass, findings: [] }
            """);
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF_NAME"] = "main", ["PIPELINE_GUARD_ENVIRONMENT"] = "production" };
        var result = CliRunner.InDirectory(dir.Path, env, "test", ".");
        result.ExitCode.ShouldBe(0, result.Out);
    }
}
