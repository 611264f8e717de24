using NodaTime;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Engine;

public class PolicyEvaluatorTests
{
    private static readonly string DeleteDb = Build.PlanJson(Build.Change("aws_db_instance.main", """["delete"]""", """{"id":"db"}"""));

    private static string PolicyWith(string extra = "", string enforcement = "block", string mode = "enforce") => $$"""
        version: 1
        mode: {{mode}}
        environments:
          production: [prod, "prod-*"]
        teams:
          dba: [alice, bob, carol]
        rules:
          - id: no-destroy-db
            description: Databases are not destroyed in production.
            severity: critical
            enforcement: {{enforcement}}
            when: { environments: [production] }
            terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
        {{extra}}
        """;

    private static DeployContext Prod(string? message = null, string author = "dave", params Approval[] approvals) => new()
    {
        Environment = "prod-eu",
        Actor = author,
        Commit = new CommitInfo { Sha = "abc123", Message = message ?? "Remove orders db", Author = author },
        PullRequest = new PullRequestInfo { Number = 7, Author = author, Approvals = approvals },
    };

    [Fact]
    public void Deleting_a_database_in_production_blocks_with_exit_code_1()
    {
        var policy = Build.Policy(PolicyWith());
        var evaluation = Build.Evaluate(policy, Prod(), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Block);
        evaluation.ExitCode.ShouldBe(1);
        var finding = evaluation.Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Target.Address.ShouldBe("aws_db_instance.main");
        finding.Message.ShouldContain("would be destroyed");
    }

    [Fact]
    public void An_environment_alias_glob_puts_a_deploy_in_scope()
    {
        var policy = Build.Policy(PolicyWith());
        Build.Evaluate(policy, Prod() with { Environment = "staging" }, plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Pass);
        Build.Evaluate(policy, Prod() with { Environment = "prod-us" }, plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Block);
        Build.Evaluate(policy, Prod() with { Environment = "Production" }, plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Block);
    }

    [Fact]
    public void A_rule_scoped_to_an_environment_is_judged_as_in_scope_when_none_is_given_and_says_so()
    {
        var policy = Build.Policy(PolicyWith());
        var evaluation = Build.Evaluate(policy, DeployContext.Empty, plans: Build.Plan(DeleteDb, policy));
        evaluation.Findings.ShouldHaveSingleItem().Outcome.ShouldBe(Outcome.Block);
        evaluation.Rules.Single().Status.ShouldBe(RuleStatus.Evaluated);
        evaluation.Notices.ShouldContain(n => n.Message.StartsWith("environment unknown: judged as production", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_mode_reports_what_would_block_and_exits_0()
    {
        var policy = Build.Policy(PolicyWith(mode: "audit"));
        var evaluation = Build.Evaluate(policy, Prod(), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Block);
        evaluation.Mode.ShouldBe(PolicyMode.Audit);
        evaluation.ExitCode.ShouldBe(0);
        evaluation.Findings.Single().Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void The_mode_flag_overrides_the_policy_mode()
    {
        var policy = Build.Policy(PolicyWith(mode: "audit"));
        Build.Evaluate(policy, Prod(), mode: PolicyMode.Enforce, plans: Build.Plan(DeleteDb, policy)).ExitCode.ShouldBe(1);
    }

    [Theory]
    [InlineData("warn", Decision.Warn, Outcome.Warn)]
    [InlineData("advisory", Decision.Pass, Outcome.Advisory)]
    public void Warn_and_advisory_rules_never_block(string enforcement, Decision decision, Outcome outcome)
    {
        var policy = Build.Policy(PolicyWith(enforcement: enforcement));
        var evaluation = Build.Evaluate(policy, Prod(), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(decision);
        evaluation.ExitCode.ShouldBe(0);
        evaluation.Findings.Single().Outcome.ShouldBe(outcome);
    }

    private const string WithException = """
            exceptions:
              - targets: ["aws_db_instance.main"]
                reason: decommissioned, data exported to the archive bucket
                expires: 2026-12-31
        """;

    [Fact]
    public void A_matching_exception_waives_the_finding_and_keeps_its_reason()
    {
        var policy = Build.Policy(PolicyWith(WithException));
        var evaluation = Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 11, 1, 0, 0), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Pass);
        var finding = evaluation.Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Waived);
        finding.Waiver!.Reason.ShouldContain("decommissioned");
        finding.Waiver.Expired.ShouldBeFalse();
    }

    [Fact]
    public void An_exception_applies_through_its_expiry_date_and_no_longer_the_day_after()
    {
        var policy = Build.Policy(PolicyWith(WithException));
        Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 12, 31, 23, 59), plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Pass);
        var after = Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2027, 1, 1, 0, 0), plans: Build.Plan(DeleteDb, policy));
        after.Decision.ShouldBe(Decision.Block);
        after.Findings.Single().Waiver!.Expired.ShouldBeTrue();
        after.Notices.ShouldContain(n => n.Message.Contains("expired on 2026-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_with_a_timezone_ends_when_its_expiry_date_ends_in_that_zone_not_in_UTC()
    {
        var policy = Build.Policy(PolicyWith(WithException + "\n        timezone: Pacific/Auckland"));
        // 2026-12-31T10:59Z is 23:59 on the 31st in Auckland (UTC+13 in summer); 11:00Z is already 1 January there.
        Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 12, 31, 10, 59), plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Pass);
        Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 12, 31, 11, 0), plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Block);
    }

    [Fact]
    public void An_exception_naming_a_zone_that_does_not_exist_is_a_policy_error_naming_the_line()
    {
        var ex = Should.Throw<PolicyLoadException>(() => Build.Policy(PolicyWith(WithException + "\n        timezone: Mars/Olympus")));
        ex.Message.ShouldContain("'Mars/Olympus' is not an IANA time zone");
        ex.Message.ShouldStartWith("test-policy.yml:");
    }

    [Fact]
    public void An_exception_expiring_within_14_days_is_announced_ahead_of_time()
    {
        var policy = Build.Policy(PolicyWith(WithException));
        var soon = Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 12, 25, 0, 0), plans: Build.Plan(DeleteDb, policy));
        soon.Notices.ShouldContain(n => n.Message.Contains("expires on 2026-12-31 (in 6 days", StringComparison.Ordinal));
        var later = Build.Evaluate(policy, Prod(), now: Instant.FromUtc(2026, 11, 1, 0, 0), plans: Build.Plan(DeleteDb, policy));
        later.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void An_exception_for_another_target_does_not_waive()
    {
        var policy = Build.Policy(PolicyWith(WithException.Replace("aws_db_instance.main", "aws_db_instance.other", StringComparison.Ordinal)));
        Build.Evaluate(policy, Prod(), plans: Build.Plan(DeleteDb, policy)).Decision.ShouldBe(Decision.Block);
    }

    private const string WithOverride = """
            override:
              commit_tags: ["[emergency]"]
              trailer: Guard-Override
              approvals: { min: 2, teams: [dba], exclude_author: true }
        """;

    [Fact]
    public void A_commit_tag_overrides_and_the_report_says_what_lifted_it()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var evaluation = Build.Evaluate(policy, Prod("Hotfix [EMERGENCY] restore"), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Pass);
        var finding = evaluation.Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Overridden);
        finding.Override!.Kind.ShouldBe("commit-tag");
        finding.Override.By.ShouldContain("[emergency]");
    }

    [Fact]
    public void A_trailer_naming_the_rule_with_a_reason_overrides()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var message = "Drop legacy db\n\nThe data moved to aurora last week.\n\nGuard-Override: no-destroy-db migrated to aurora, see CHG-1234\nSigned-off-by: Dave <d@example.com>";
        var finding = Build.Evaluate(policy, Prod(message), plans: Build.Plan(DeleteDb, policy)).Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Overridden);
        finding.Override!.Kind.ShouldBe("trailer");
        finding.Override.Reason.ShouldBe("migrated to aurora, see CHG-1234");
    }

    [Fact]
    public void A_trailer_without_a_reason_does_not_override_and_says_why()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var evaluation = Build.Evaluate(policy, Prod("Drop it\n\nGuard-Override: no-destroy-db"), plans: Build.Plan(DeleteDb, policy));
        evaluation.Decision.ShouldBe(Decision.Block);
        evaluation.Notices.ShouldContain(n => n.Message.Contains("has no reason", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trailer_for_another_rule_does_not_override()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        Build.Evaluate(policy, Prod("Drop it\n\nGuard-Override: some-other-rule because"), plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Block);
    }

    [Fact]
    public void Approvals_from_the_team_override_but_the_authors_own_never_counts()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var selfApproved = Prod(author: "alice", approvals: [new Approval("alice", "approved"), new Approval("bob", "approved")]);
        Build.Evaluate(policy, selfApproved, plans: Build.Plan(DeleteDb, policy)).Decision.ShouldBe(Decision.Block);

        var twoOthers = Prod(author: "alice", approvals: [new Approval("bob", "approved"), new Approval("carol", "approved")]);
        var finding = Build.Evaluate(policy, twoOthers, plans: Build.Plan(DeleteDb, policy)).Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Overridden);
        finding.Override!.By.ShouldBe("bob (context), carol (context)");
    }

    [Fact]
    public void An_approval_override_never_counts_a_co_author_or_who_triggered_the_run()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var context = Prod("Drop it\n\nCo-authored-by: Bob <bob@example.com>", author: "alice",
            approvals: [new Approval("bob", "approved"), new Approval("carol", "approved")]);
        Build.Evaluate(policy, context, plans: Build.Plan(DeleteDb, policy)).Decision.ShouldBe(Decision.Block);
        Build.Evaluate(policy, context with { Commit = context.Commit! with { Message = "Drop it" }, TriggeringActor = "carol" }, plans: Build.Plan(DeleteDb, policy))
            .Decision.ShouldBe(Decision.Block);
    }

    [Fact]
    public void Approvals_from_outside_the_team_or_not_approving_do_not_count()
    {
        var policy = Build.Policy(PolicyWith(WithOverride));
        var context = Prod(approvals: [new Approval("bob", "approved"), new Approval("mallory", "approved"), new Approval("carol", "changes_requested")]);
        Build.Evaluate(policy, context, plans: Build.Plan(DeleteDb, policy)).Decision.ShouldBe(Decision.Block);
    }

    [Fact]
    public void An_exception_wins_over_an_override_and_neither_touches_advisory_findings()
    {
        var policy = Build.Policy(PolicyWith(WithOverride + "\n" + WithException));
        var finding = Build.Evaluate(policy, Prod("[emergency]"), now: Instant.FromUtc(2026, 11, 1, 0, 0), plans: Build.Plan(DeleteDb, policy)).Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Waived);

        var advisory = Build.Policy(PolicyWith(WithOverride, enforcement: "advisory"));
        Build.Evaluate(advisory, Prod("[emergency]"), plans: Build.Plan(DeleteDb, advisory)).Findings.Single().Outcome.ShouldBe(Outcome.Advisory);
    }

    [Fact]
    public void Fingerprints_are_stable_and_do_not_depend_on_lines()
    {
        var policy = Build.Policy(PolicyWith());
        var a = Build.Evaluate(policy, Prod(), plans: Build.Plan(DeleteDb, policy)).Findings.Single();
        var shifted = Build.Plan("\n\n\n" + DeleteDb, policy);
        var b = Build.Evaluate(policy, Prod(), plans: shifted).Findings.Single();
        a.Target.Line.ShouldNotBe(b.Target.Line);
        a.Fingerprint.ShouldBe(b.Fingerprint);
    }

    [Fact]
    public void Services_and_branches_scope_a_rule()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                when: { services: ["pay*"], branches: ["main", "release/*"] }
                terraform: { actions: [delete] }
            """);
        var plan = Build.Plan(DeleteDb, policy);
        var context = new DeployContext { Service = "payments", Branch = "refs/heads/release/2.1" };
        Build.Evaluate(policy, context, plans: plan).Decision.ShouldBe(Decision.Block);
        Build.Evaluate(policy, context with { Branch = "feature/x" }, plans: plan).Decision.ShouldBe(Decision.Pass);
        Build.Evaluate(policy, context with { Service = "search" }, plans: plan).Decision.ShouldBe(Decision.Pass);
    }
}
