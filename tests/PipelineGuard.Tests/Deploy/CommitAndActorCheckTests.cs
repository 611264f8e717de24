using PipelineGuard.Deploy.Rules;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

public class CommitCheckTests
{
    private static IReadOnlyList<Violation> Evaluate(string yaml, CommitInfo? commit) =>
        [.. ParseValid(CommitCheck.Definition, yaml).Evaluate(Facts(new DeployContext { Commit = commit }))];

    private static readonly CommitInfo s_release = new() { Sha = "0123456789abcdef0123", Message = "Release 1.4.2 [release]", Tags = ["v1.4.2"], Signed = true };

    [Fact]
    public void A_tagged_signed_release_commit_passes()
    {
        Evaluate("require_tags: [\"[release]\"]\nforbid_tags: [\"[wip]\"]\nrequire_git_tag: \"v*.*.*\"\nrequire_signed: true", s_release).ShouldBeEmpty();
    }

    [Fact]
    public void A_forbidden_tag_in_any_case_trips_the_rule()
    {
        Evaluate("forbid_tags: [\"[wip]\"]", s_release with { Message = "[WIP] half done" })
            .ShouldHaveSingleItem().Message.ShouldBe("Commit 0123456789ab subject line carries the forbidden tag [wip].");
    }

    [Fact]
    public void A_missing_required_tag_trips_the_rule()
    {
        Evaluate("require_tags: [\"[release]\"]", s_release with { Message = "Fix" }).ShouldHaveSingleItem().Message.ShouldContain("lacks the required tag [release]");
    }

    [Fact]
    public void The_git_tag_must_match_the_glob()
    {
        Evaluate("require_git_tag: \"v*.*.*\"", s_release with { Tags = ["nightly-2026-11-21"] })
            .ShouldHaveSingleItem().Message.ShouldBe("Commit 0123456789ab has only nightly-2026-11-21; a tag matching v*.*.* is required.");
        Evaluate("require_git_tag: \"v*.*.*\"", s_release with { Tags = [] }).ShouldHaveSingleItem().Message.ShouldContain("has no git tag");
    }

    [Fact]
    public void Unsigned_and_unknown_signatures_both_fail_require_signed()
    {
        Evaluate("require_signed: true", s_release with { Signed = false }).ShouldHaveSingleItem().Message.ShouldContain("not signed with a verified key");
        Evaluate("require_signed: true", s_release with { Signed = null }).ShouldHaveSingleItem().Message.ShouldContain("signature status is not known");
    }

    [Fact]
    public void No_known_commit_trips_the_rule_rather_than_passing_it()
    {
        Evaluate("forbid_tags: [\"[wip]\"]", null).ShouldHaveSingleItem().Message.ShouldStartWith("No commit is known for this run");
    }

    [Theory]
    [InlineData("require_git_tag: \"v[1\"", 1, 18, "unclosed or empty character class")]
    [InlineData("require_signed: yes", 1, 17, "'require_signed' must be true or false")]
    [InlineData("require_tag: [x]", 1, 1, "unknown key 'require_tag'")]
    public void Policy_mistakes_are_errors_at_their_position(string yaml, int line, int column, string message)
    {
        var errors = Parse(CommitCheck.Definition, yaml).Errors;
        var error = errors.First(e => e.Message.Contains(message, StringComparison.Ordinal));
        (error.Position.Line, error.Position.Column).ShouldBe((line, column));
    }
}

public class ActorCheckTests
{
    private static IReadOnlyList<Violation> Evaluate(string yaml, string? actor, string? triggering = null) =>
        [.. ParseValid(ActorCheck.Definition, yaml).Evaluate(Facts(new DeployContext { Actor = actor, TriggeringActor = triggering }) with
        {
            Teams = Teams(("platform", ["alice", "bob"])),
        })];

    [Theory]
    [InlineData("dependabot[bot]", true)]
    [InlineData("github-actions", true)]
    [InlineData("Project Collection Build Service (contoso)", true)]
    [InlineData("Payments Build Service (contoso)", true)]
    [InlineData("alice", false)]
    [InlineData("botanist", false)]
    public void Bots_are_recognised_by_the_bot_suffix_and_well_known_CI_accounts(string actor, bool bot)
    {
        ActorCheck.IsBot(actor).ShouldBe(bot);
    }

    [Fact]
    public void Team_members_and_listed_users_are_allowed_and_others_are_not()
    {
        const string yaml = "allow: { teams: [platform], users: [\"release-bot[bot]\"] }";
        Evaluate(yaml, "alice").ShouldBeEmpty();
        Evaluate(yaml, "release-bot[bot]").ShouldBeEmpty();
        Evaluate(yaml, "mallory").ShouldHaveSingleItem().Message.ShouldBe("mallory is not allowed to deploy here; allowed: release-bot[bot], team platform.");
    }

    [Fact]
    public void Deny_wins_over_allow()
    {
        Evaluate("allow: { teams: [platform] }\ndeny: { users: [bob] }", "bob").ShouldHaveSingleItem().Message.ShouldStartWith("bob may not deploy here");
    }

    [Fact]
    public void Bots_can_be_denied_and_allow_bots_false_admits_only_humans()
    {
        Evaluate("deny: { bots: true }", "renovate[bot]").ShouldHaveSingleItem();
        Evaluate("deny: { bots: true }", "alice").ShouldBeEmpty();
        Evaluate("allow: { bots: false }", "alice").ShouldBeEmpty();
        Evaluate("allow: { bots: false }", "renovate[bot]").ShouldHaveSingleItem().Message.ShouldContain("(bots are not allowed)");
        Evaluate("allow: { bots: true }", "renovate[bot]").ShouldBeEmpty();
        Evaluate("allow: { bots: true }", "alice").ShouldHaveSingleItem();
    }

    [Fact]
    public void On_a_re_run_the_user_who_re_ran_it_is_judged_too()
    {
        Evaluate("allow: { teams: [platform] }", "alice", triggering: "mallory").ShouldHaveSingleItem().Message.ShouldStartWith("mallory");
    }

    [Fact]
    public void An_unknown_actor_fails_an_allow_list()
    {
        Evaluate("allow: { teams: [platform] }", null).ShouldHaveSingleItem().Message.ShouldContain("not known");
        Evaluate("deny: { users: [bob] }", null).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("allow: {}", 1, 8, "'allow' names nobody")]
    [InlineData("allow: { user: [a] }", 1, 10, "unknown key 'user'")]
    [InlineData("{}", 1, 1, "give 'allow', 'deny' or both")]
    public void Policy_mistakes_are_errors_at_their_position(string yaml, int line, int column, string message)
    {
        var error = Parse(ActorCheck.Definition, yaml).Errors.First(e => e.Message.Contains(message, StringComparison.Ordinal));
        (error.Position.Line, error.Position.Column).ShouldBe((line, column));
    }
}
