using System.Diagnostics;
using PipelineGuard.Processes;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Processes;

/// <summary>The one process runner: a deadline, no prompts, both pipes drained, and the caller's variable changes applied last.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public class ProcessRunnerTests
{
    [Fact]
    public void A_caller_sets_and_removes_variables_after_the_no_prompt_ones()
    {
        var result = ProcessRunner.Run("env", [], null, TimeSpan.FromSeconds(10),
            new Dictionary<string, string?> { ["PIPELINE_GUARD_PROBE"] = "set", ["HOME"] = null, ["PAGER"] = "less" });
        var lines = result.OutputText.Split('\n');
        lines.ShouldContain("PIPELINE_GUARD_PROBE=set");
        lines.ShouldContain("GIT_TERMINAL_PROMPT=0");
        lines.ShouldContain("PAGER=less");
        lines.ShouldNotContain(l => l.StartsWith("HOME=", StringComparison.Ordinal));
    }

    [Fact]
    public void A_program_writing_megabytes_to_both_pipes_does_not_stall()
    {
        var result = ProcessRunner.Run("sh", ["-c", "head -c 3000000 /dev/zero | tr '\\0' o; head -c 3000000 /dev/zero | tr '\\0' e >&2; exit 3"], null, TimeSpan.FromSeconds(20));
        result.ExitCode.ShouldBe(3);
        result.Output.Length.ShouldBe(3_000_000);
        result.Error.Length.ShouldBe(3_000_000);
    }

    [Fact]
    public void A_program_past_its_deadline_is_stopped_with_its_children_and_named_in_the_error()
    {
        var clock = Stopwatch.StartNew();
        var e = Should.Throw<ProcessFailedException>(() => ProcessRunner.Run("sh", ["-c", "sleep 30 & sleep 30"], null, TimeSpan.FromMilliseconds(300)));
        e.Message.ShouldContain("did not finish within");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_program_that_reads_standard_input_gets_end_of_file_not_a_wait()
    {
        ProcessRunner.Run("cat", [], null, TimeSpan.FromSeconds(10)).Output.ShouldBeEmpty();
    }
}
