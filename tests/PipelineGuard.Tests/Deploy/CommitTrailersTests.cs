namespace PipelineGuard.Tests.Deploy;

public class CommitTrailersTests
{
    [Fact]
    public void Trailers_are_the_key_value_lines_of_the_last_paragraph()
    {
        var trailers = CommitTrailers.Parse("Fix rounding\n\nLonger body: with a colon in prose.\n\nGuard-Override: deploy-window hotfix for INC-42\nSigned-off-by: Alice <alice@example.com>\n");
        trailers.ShouldBe([
            new CommitTrailer("Guard-Override", "deploy-window hotfix for INC-42"),
            new CommitTrailer("Signed-off-by", "Alice <alice@example.com>"),
        ]);
    }

    [Fact]
    public void A_subject_line_alone_is_never_a_trailer()
    {
        CommitTrailers.Parse("Guard-Override: deploy-window because").ShouldBeEmpty();
    }

    [Fact]
    public void A_last_paragraph_mixing_prose_and_key_value_lines_is_not_a_trailer_block()
    {
        CommitTrailers.Parse("Subject\n\nThis explains things.\nGuard-Override: deploy-window reason").ShouldBeEmpty();
    }

    [Fact]
    public void A_mixed_block_counts_when_a_git_generated_trailer_makes_up_a_quarter_of_it()
    {
        var trailers = CommitTrailers.Parse("Subject\n\nsome note\nSigned-off-by: Bob <bob@example.com>\nGuard-Override: r1 why");
        trailers.Select(t => t.Key).ShouldBe(["Signed-off-by", "Guard-Override"]);
    }

    [Fact]
    public void Trailers_in_an_earlier_paragraph_do_not_count()
    {
        CommitTrailers.Parse("Subject\n\nGuard-Override: deploy-window reason\n\nJust a closing sentence.").ShouldBeEmpty();
    }

    [Fact]
    public void A_continuation_line_folds_into_the_previous_value_and_CRLF_is_accepted()
    {
        var trailers = CommitTrailers.Parse("Subject\r\n\r\nGuard-Override: deploy-window the fix for\r\n  INC-42 that is burning\r\n");
        trailers.ShouldHaveSingleItem().Value.ShouldBe("deploy-window the fix for INC-42 that is burning");
    }

    [Fact]
    public void Keys_with_spaces_are_not_trailers()
    {
        CommitTrailers.Parse("Subject\n\nNot a key: value").ShouldBeEmpty();
    }

    [Fact]
    public void An_override_trailer_names_its_rule_and_a_reason()
    {
        const string message = "Hotfix\n\nguard-override: deploy-window INC-42 is down, this is the fix\nGuard-Override: other-rule also this";
        CommitTrailers.Overrides(message, "Guard-Override", "deploy-window")
            .ShouldHaveSingleItem().ShouldBe(new OverrideTrailer("deploy-window", "INC-42 is down, this is the fix"));
    }

    [Fact]
    public void An_override_trailer_without_a_reason_comes_back_with_no_reason_so_it_can_be_refused()
    {
        CommitTrailers.Overrides("Hotfix\n\nGuard-Override: deploy-window", "Guard-Override", "deploy-window")
            .ShouldHaveSingleItem().Reason.ShouldBeNull();
    }

    [Fact]
    public void An_override_for_a_rule_whose_id_only_starts_the_same_does_not_match()
    {
        CommitTrailers.Overrides("Hotfix\n\nGuard-Override: deploy-window-eu reason", "Guard-Override", "deploy-window").ShouldBeEmpty();
    }

    [Fact]
    public void Comment_lines_are_ignored_and_a_dashed_line_divides_nothing_in_a_commit_message_like_git_log_reads_it()
    {
        CommitTrailers.Parse("Subject\n\nGuard-Override: r1 because\n# a comment\n").ShouldHaveSingleItem();
        // git log --format=%(trailers) reads commits without a divider: "---" is a line of the final paragraph.
        CommitTrailers.Parse("Subject\n\nGuard-Override: r1 because\n---\n file.txt | 2 +-").ShouldBeEmpty();
    }
}
