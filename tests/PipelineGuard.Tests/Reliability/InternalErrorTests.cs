using PipelineGuard.Cli.Commands;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reliability;

/// <summary>An unexpected exception is a bug: exit 3, a short message, a stack trace only with --verbose; never a pass.</summary>
public sealed class InternalErrorTests : IDisposable
{
    private readonly TempFolder _workspace = new("pg-internal-");

    /// <summary>
    /// A console that was closed under the process (a killed pipe, a disposed writer) makes the report write throw
    /// ObjectDisposedException: nothing in the product expects it, so it takes the internal-error path.
    /// </summary>
    private (int Code, string Error) RunWithClosedConsole(params string[] args)
    {
        File.WriteAllText(_workspace.File("plan.json"), File.ReadAllText(RepoPaths.InRepo("examples", "prod-db-delete", "plan.json")));
        var closed = new StringWriter();
        closed.Dispose();
        var error = new StringWriter();
        var code = PipelineGuard.Cli.Cli.Run(args, new CommandIo(closed, error, new Dictionary<string, string?>(), _workspace.Path));
        return (code, error.ToString());
    }

    [Fact]
    public void An_unexpected_exception_exits_3_with_a_short_message_and_no_stack_trace()
    {
        var (code, error) = RunWithClosedConsole("check", "--plan", "plan.json", "--environment", "staging");
        code.ShouldBe(3);
        error.ShouldContain("pipeline-guard: internal error (a bug): ObjectDisposedException");
        error.ShouldContain("The step fails: a guard never passes what it could not evaluate.");
        error.ShouldContain("Run again with --verbose for the stack trace.");
        error.ShouldNotContain("   at ");
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public void With_verbose_the_internal_error_carries_the_stack_trace()
    {
        var (code, error) = RunWithClosedConsole("check", "--plan", "plan.json", "--environment", "staging", "--verbose");
        code.ShouldBe(3);
        error.ShouldContain("internal error (a bug)");
        error.ShouldContain("   at ");
        error.ShouldContain("ConsoleReport");
    }

    [Fact]
    public void An_internal_error_on_a_plan_that_would_pass_still_fails_the_step()
    {
        // The same plan for staging passes (exit 0) when the console works: the failure, not the verdict, decides.
        var working = CliRunner.InDirectory(RepoPaths.Root, null, "check", "--plan", RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"), "--environment", "staging");
        working.ExitCode.ShouldBe(0);
        RunWithClosedConsole("check", "--plan", "plan.json", "--environment", "staging").Code.ShouldNotBe(0);
    }

    public void Dispose() => _workspace.Dispose();
}
