using PipelineGuard.Model;

namespace PipelineGuard.Tests.Engine;

public class CommitTrailersTests
{
    [Fact]
    public void Trailers_are_read_from_the_last_paragraph()
    {
        var trailers = CommitTrailers.Parse("Subject\n\nBody text: not a trailer here.\n\nGuard-Override: r1 because\nCo-authored-by: Eve <e@x>\n");
        trailers.ShouldBe([("Guard-Override", "r1 because"), ("Co-authored-by", "Eve <e@x>")]);
    }

    [Fact]
    public void A_last_paragraph_with_a_prose_line_has_no_trailers()
    {
        CommitTrailers.Parse("Subject\n\nGuard-Override: r1 because\nand some prose\n").ShouldBeEmpty();
    }

    [Fact]
    public void A_subject_alone_is_never_a_trailer()
    {
        CommitTrailers.Parse("Guard-Override: r1 because").ShouldBeEmpty();
    }

    [Fact]
    public void Continuation_lines_fold_into_the_trailer()
    {
        CommitTrailers.Parse("S\n\nGuard-Override: r1 a long\n  reason here").Single().Value.ShouldBe("r1 a long reason here");
    }
}
