using System.Text;
using PipelineGuard.Deploy.Context;
using PipelineGuard.Engine;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>Attacks on the trust boundary: a context file, a bot, a local policy file or a commit message posing as what it is not.</summary>
public class TrustBoundaryAttackTests
{
    private static readonly string DeleteDb = Build.PlanJson(Build.Change("aws_db_instance.main", """["delete"]""", """{"id":"db"}"""));

    private static PolicySet Policy(string @override) => Build.Policy($$"""
        version: 1
        rules:
          - id: no-destroy-db
            severity: critical
            enforcement: block
            terraform: { resource_types: [aws_db_instance], actions: [delete] }
            override: {{@override}}
        """);

    private static Finding Judge(PolicySet policy, DeployContext context, IReadOnlyDictionary<string, string>? approvalErrors = null) =>
        PolicyEvaluator.Evaluate(policy, new EvaluationFacts
        {
            Now = Build.Noon,
            Context = context,
            ApprovalSourceErrors = approvalErrors ?? new Dictionary<string, string>(),
        }.WithPlans([Build.Plan(DeleteDb, policy)])).Findings.Single();

    private static DeployContext Commit(string message, string platform = PlatformNames.Local) => new()
    {
        Platform = platform,
        Actor = "mallory",
        Commit = new CommitInfo { Sha = "abc123", Message = message, Author = "mallory" },
        PullRequest = new PullRequestInfo { Number = 7, Author = "mallory" },
    };

    [Fact]
    public void A_context_file_approval_claiming_to_come_from_github_is_refused()
    {
        var json = """{ "pullRequest": { "number": 7, "approvals": [ { "user": "bob", "state": "approved", "source": "github" } ] } }""";
        var ex = Should.Throw<InputException>(() => ContextFile.Parse(Encoding.UTF8.GetBytes(json), "context.json"));
        ex.Message.ShouldContain("'source'");
        ex.Message.ShouldContain("context.json:1:");
    }

    [Fact]
    public void A_context_file_approval_does_not_lift_a_block_on_github()
    {
        var policy = Policy("{ approvals: { min: 1 } }");
        var context = Commit("Drop db", PlatformNames.GitHub) with
        {
            PullRequest = new PullRequestInfo { Number = 7, Author = "mallory", Approvals = [new Approval("bob", "approved", "context")] },
        };
        Judge(policy, context).Outcome.ShouldBe(Outcome.Block);
        var fromApi = context with { PullRequest = context.PullRequest! with { Approvals = [new Approval("bob", "approved", "github")] } };
        var lifted = Judge(policy, fromApi);
        lifted.Outcome.ShouldBe(Outcome.Overridden);
        lifted.Override!.By.ShouldBe("bob (github)");
    }

    [Fact]
    public void An_unreachable_review_API_keeps_the_block_and_the_finding_carries_the_error()
    {
        var policy = Policy("{ approvals: { min: 1 } }");
        var finding = Judge(policy, Commit("Drop db", PlatformNames.GitHub), new Dictionary<string, string> { ["github"] = "connection refused (127.0.0.1:9)" });
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.HowToOverride!.ShouldContain("connection refused (127.0.0.1:9)");
    }

    [Fact]
    public void Bot_reviews_never_count_as_approvals()
    {
        var policy = Policy("{ approvals: { min: 1 } }");
        var context = Commit("Drop db") with
        {
            PullRequest = new PullRequestInfo
            {
                Number = 7,
                Author = "mallory",
                Approvals = [new Approval("dependabot[bot]", "approved"), new Approval("github-actions", "approved"), new Approval("renovate[bot]", "approved")],
            },
        };
        Judge(policy, context).Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void A_context_file_cannot_point_the_guard_at_another_pull_request()
    {
        using var dir = new TempFolder();
        var eventPath = dir.Write("event.json", """{ "pull_request": { "number": 41, "user": { "login": "mallory" }, "head": { "sha": "1111111111111111111111111111111111111111" } } }""");
        var env = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_EVENT_PATH"] = eventPath, ["GITHUB_EVENT_NAME"] = "pull_request", ["GITHUB_REPOSITORY"] = "o/r" };
        var otherPr = dir.Write("pr.json", """{ "pullRequest": { "number": 40 } }""");
        Should.Throw<InputException>(() => DeployContextCollector.Collect(env, otherPr, ContextFlags.None, dir.Path, readGit: false))
            .Message.ShouldContain("another pull request");
        var otherHead = dir.Write("head.json", """{ "pullRequest": { "headSha": "2222222222222222222222222222222222222222" } }""");
        Should.Throw<InputException>(() => DeployContextCollector.Collect(env, otherHead, ContextFlags.None, dir.Path, readGit: false))
            .Message.ShouldContain("another commit");
        var local = dir.Write("local.json", """{ "platform": "local" }""");
        Should.Throw<InputException>(() => DeployContextCollector.Collect(env, local, ContextFlags.None, dir.Path, readGit: false))
            .Message.ShouldContain("detected from the CI variables");
        var same = dir.Write("same.json", """{ "pullRequest": { "number": 41 }, "service": "api" }""");
        DeployContextCollector.Collect(env, same, ContextFlags.None, dir.Path, readGit: false).PullRequest!.Number.ShouldBe(41);
    }

    private const string CentralPack = """
        version: 1
        central: { allow_weakening: false }
        environments:
          production: [prod]
        teams:
          release-managers: [alice]
        rules:
          - id: no-destroy-db
            severity: critical
            enforcement: block
            when: { environments: [production] }
            terraform: { resource_types: [aws_db_instance], actions: [delete] }
            override: { approvals: { min: 1, teams: [release-managers] } }
        """;

    [Theory]
    [InlineData("version: 1\nmode: audit\nrules: []\n", "mode 'audit'")]
    [InlineData("version: 1\nteams:\n  release-managers: [mallory]\nrules: []\n", "cannot add members")]
    [InlineData("version: 1\nenvironments:\n  production: [nothing-real]\nrules: []\n", "cannot change its aliases")]
    public void A_local_file_cannot_weaken_a_central_pack_that_forbids_it(string local, string expected)
    {
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([("central/pack.yml", CentralPack, false), (".pipeline-guard.yml", local, false)]));
        ex.Errors.ShouldContain(e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_override_trailer_above_a_dashed_line_is_not_in_the_final_trailer_block()
    {
        CommitTrailers.Overrides("Drop db\n\nGuard-Override: no-destroy-db it is fine\n\n---\nmore text\n", "Guard-Override", "no-destroy-db").ShouldBeEmpty();
        var policy = Policy("{ trailer: Guard-Override }");
        Judge(policy, Commit("Drop db\n\nGuard-Override: no-destroy-db it is fine\n\n---\nmore text")).Outcome.ShouldBe(Outcome.Block);
        Judge(policy, Commit("Drop db\n\nbody\n\nGuard-Override: no-destroy-db it is fine")).Outcome.ShouldBe(Outcome.Overridden);
    }

    [Theory]
    [InlineData("Revert \"[skip guard] drop db\"\n\nThis reverts commit abc.")]
    [InlineData("Drop the orders db\n\nwe used [skip guard] last time")]
    [InlineData("Reapply \"Revert \"[skip guard] x\"\"")]
    public void A_commit_tag_outside_the_subjects_own_text_does_not_override(string message)
    {
        var policy = Policy("{ commit_tags: [\"[skip guard]\"] }");
        Judge(policy, Commit(message)).Outcome.ShouldBe(Outcome.Block);
        Judge(policy, Commit("[skip guard] drop db")).Outcome.ShouldBe(Outcome.Overridden);
    }

    [Fact]
    public void A_wip_commit_does_not_pass_a_forbid_tags_rule_when_git_data_is_missing()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: no-wip
                severity: medium
                enforcement: block
                commit: { forbid_tags: ["[wip]"] }
            """);
        var evaluation = Build.Evaluate(policy, new DeployContext { Commit = new CommitInfo { Sha = "abc123" } });
        var finding = evaluation.Findings.Single();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Indeterminate.ShouldBeTrue();
        finding.Message.ShouldContain("not known");
    }

    [Fact]
    public void An_override_trailer_the_run_cannot_read_is_reported_not_silently_ignored()
    {
        var policy = Policy("{ trailer: Guard-Override }");
        var finding = Judge(policy, new DeployContext { Commit = new CommitInfo { Sha = "abc123" } });
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.HowToOverride!.ShouldContain("Guard-Override trailer: the message of commit abc123 is not known");
        var subjectOnly = Judge(policy, new DeployContext { Commit = new CommitInfo { Sha = "abc123", Message = "Drop db", MessageIsSubjectOnly = true } });
        subjectOnly.HowToOverride!.ShouldContain("only the subject line");
    }
}
