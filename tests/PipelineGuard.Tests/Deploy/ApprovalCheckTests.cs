using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Engine.Approvals;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

public class ApprovalCheckTests
{
    private static ICheck Check(string yaml) => ParseValid(ApprovalCheck.Definition, yaml);

    private static DeployContext Context(params Approval[] approvals) => new()
    {
        Actor = "dave",
        Commit = new CommitInfo { Sha = "abc", Author = "Alice Example", AuthorEmail = "1234+alice@users.noreply.github.com", Committer = "carol", Message = "Fix\n\nCo-authored-by: Erin <erin@example.com>" },
        PullRequest = new PullRequestInfo { Number = 42, Author = "alice", Approvals = approvals },
    };

    [Fact]
    public void Two_approvals_from_other_people_satisfy_min_two()
    {
        Check("min: 2").Evaluate(Facts(Context(new Approval("bob", "approved"), new Approval("frank", "approved")))).ShouldBeEmpty();
    }

    [Fact]
    public void The_author_committer_co_author_and_triggering_actor_never_count_as_approvers()
    {
        var violation = Check("min: 1").Evaluate(Facts(Context(
            new("alice", "approved"), new Approval("carol", "approved"), new Approval("dave", "approved"), new Approval("erin", "approved")))).ShouldHaveSingleItem();
        violation.Message.ShouldStartWith("1 approval needed, 0 counted (nobody).");
        violation.Message.ShouldContain("alice (self-approval");
        violation.Message.ShouldContain("carol (self-approval");
        violation.Message.ShouldContain("dave (self-approval");
        violation.Message.ShouldContain("erin (self-approval");
    }

    [Fact]
    public void A_re_run_by_someone_else_does_not_let_them_approve_either()
    {
        var context = Context(new Approval("grace", "approved")) with { TriggeringActor = "grace" };
        Check("min: 1").Evaluate(Facts(context)).ShouldHaveSingleItem();
    }

    [Fact]
    public void Exclude_author_false_lets_the_author_count()
    {
        Check("min: 1\nexclude_author: false").Evaluate(Facts(Context(new Approval("alice", "approved")))).ShouldBeEmpty();
    }

    [Fact]
    public void Only_members_of_the_named_teams_or_users_count()
    {
        var facts = Facts(Context(new Approval("bob", "approved"), new Approval("frank", "approved"))) with { Teams = Teams(("dba", ["bob"])) };
        Check("min: 1\nteams: [dba]").Evaluate(facts).ShouldBeEmpty();
        var violation = Check("min: 2\nteams: [dba]").Evaluate(facts).ShouldHaveSingleItem();
        violation.Message.ShouldContain("2 approvals from team dba needed, 1 counted (bob (context)).");
        violation.Message.ShouldContain("frank (not in team dba)");
        Check("min: 2\nteams: [dba]\nusers: [frank]").Evaluate(facts).ShouldBeEmpty();
    }

    [Fact]
    public void Stale_dismissed_and_change_requests_do_not_count_and_one_user_counts_once()
    {
        var violation = Check("min: 2").Evaluate(Facts(Context(
            new("bob", "approved"), new Approval("bob", "approved"), new Approval("frank", "stale"), new Approval("grace", "dismissed"), new Approval("heidi", "changes_requested")))).ShouldHaveSingleItem();
        violation.Message.ShouldContain("1 counted (bob (context))");
        violation.Message.ShouldContain("frank (stale)");
        violation.Message.ShouldContain("grace (dismissed)");
    }

    [Fact]
    public void A_github_rule_counts_only_approvals_read_from_github_and_reports_why_they_are_missing()
    {
        var facts = Facts(Context(new Approval("bob", "approved", "context"))) with
        {
            ApprovalSourceErrors = new Dictionary<string, string> { ["github"] = "GET https://api.github.com/repos/acme/payments/pulls/42/reviews: HTTP 401 Unauthorized" },
        };
        var violation = Check("min: 1\nsource: github").Evaluate(facts).ShouldHaveSingleItem();
        violation.Message.ShouldContain("Approvals from github could not be read: GET https://api.github.com/repos/acme/payments/pulls/42/reviews: HTTP 401");
        Check("min: 1\nsource: github").Evaluate(Facts(Context(new Approval("bob", "approved", "github")))).ShouldBeEmpty();
    }

    [Fact]
    public void An_unresolved_team_is_named_with_the_reason()
    {
        var facts = Facts(Context(new Approval("bob", "approved"))) with
        {
            TeamErrors = new Dictionary<string, string> { ["acme/dba"] = "HTTP 403 Forbidden: the token lacks the permission for this" },
        };
        Check("teams: [acme/dba]").Evaluate(facts).ShouldHaveSingleItem().Message.ShouldContain("Team acme/dba could not be resolved: HTTP 403");
    }

    [Fact]
    public void Emails_and_noreply_addresses_identify_the_same_person()
    {
        ApprovalCounter.IdentitiesOf("1234+alice@users.noreply.github.com").ShouldBe(["1234+alice@users.noreply.github.com", "alice"]);
        ApprovalCounter.SelfIdentities(new DeployContext { Actor = "alice@contoso.com" }).ShouldContain("alice");
    }

    [Theory]
    [InlineData("min: 0", 1, 6, "'min' must be between 1 and 100")]
    [InlineData("source: gitlab", 1, 9, "'source' must be one of context | github | azure-devops")]
    [InlineData("token_env: GH_TOKEN", 1, 12, "'token_env' is used only with source github or azure-devops")]
    [InlineData("min: 1\nteam: [dba]", 2, 1, "unknown key 'team' (did you mean 'teams'?)")]
    public void Policy_mistakes_are_errors_at_their_position(string yaml, int line, int column, string message)
    {
        var error = Parse(ApprovalCheck.Definition, yaml).Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain(message);
        (error.Position.Line, error.Position.Column).ShouldBe((line, column));
    }
}
