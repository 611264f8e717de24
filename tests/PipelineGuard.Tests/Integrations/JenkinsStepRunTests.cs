using System.Text.RegularExpressions;
using PipelineGuard.Reporting;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>
/// Runs vars/pipelineGuard.groovy as Jenkins calls it, under tests/jenkins/StepHarness.gvy: the pipeline steps are
/// recording stubs, but <c>sh</c> really runs its script, so the real CLI judges the bundled example
/// (examples/prod-db-delete) and records the arguments it was given.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed partial class JenkinsStepRunTests(JenkinsStepRun run) : IClassFixture<JenkinsStepRun>
{
    [GeneratedRegex(@"^[0-9]+:[0-9]+$")]
    private static partial Regex UserAndGroup();

    [GroovyFact]
    public void A_block_fails_the_build_after_publishing_the_reports()
    {
        var blocked = run.Scenario("blocks");
        blocked.Status.ShouldBe(1, blocked.Output);
        blocked.Result.ShouldBe("FAILURE");
        blocked.Error.ShouldNotBeNull().ShouldContain("blocked this deploy");
        blocked.Steps.ShouldBe(["sh", "junit", "recordIssues", "archiveArtifacts", "error"]);
    }

    [GroovyFact]
    public void Every_report_of_the_reporter_table_is_written_to_reportDir_and_published()
    {
        var blocked = run.Scenario("blocks");
        var options = JenkinsStepRun.Options(blocked.Argv);
        foreach (var reporter in Reporters.All)
        {
            var file = $"{JenkinsStepRun.ReportDir}/pipeline-guard.{reporter.JenkinsExtension}";
            options.ShouldContain($"{reporter.Option} {file}");
            new FileInfo(Path.Combine(blocked.Workspace, file)).Length.ShouldBeGreaterThan(0, $"{reporter.Option} wrote nothing at {file}");
        }
        blocked.Call("junit").GetProperty("matched").EnumerateArray().Select(m => m.GetString())
            .ShouldBe([$"{JenkinsStepRun.ReportDir}/pipeline-guard.xml"]);
        blocked.Call("recordIssues").GetProperty("tools")[0].GetProperty("matched").EnumerateArray().Select(m => m.GetString())
            .ShouldBe([$"{JenkinsStepRun.ReportDir}/pipeline-guard.sarif"]);
        blocked.Call("archiveArtifacts").GetProperty("matched").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(Reporters.All.Select(r => $"{JenkinsStepRun.ReportDir}/pipeline-guard.{r.JenkinsExtension}").Order(StringComparer.Ordinal));
    }

    [GroovyFact]
    public void Each_parameter_reaches_the_cli_as_its_option_with_its_value_unchanged()
    {
        var options = JenkinsStepRun.Options(run.Scenario("blocks").Argv)
            .Where(o => !Reporters.All.Any(r => o.StartsWith(r.Option + " ", StringComparison.Ordinal)));
        string[] expected =
        [
            "--plan plan.json", "--migrations db/migrations/V1__create_orders.sql", "--migrations db/migrations/V3__drop_legacy_total.sql", "--environment production",
            $"--service {JenkinsStepRun.Service}", "--source-root infra", "--audit-log audit log/decisions.jsonl",
            $"--actor {JenkinsStepRun.Actor}", $"--commit {JenkinsStepRun.Commit}", "--quiet",
        ];
        options.Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
        File.Exists(Path.Combine(run.Scenario("blocks").Workspace, "audit log", "decisions.jsonl")).ShouldBeTrue("the audit log, relative to the workspace");
    }

    [GroovyFact]
    public void No_parameter_reaches_the_shell_unquoted()
    {
        // Each value arrives as one argument, as written (the binary's own path, in "tool's bin", too: it ran).
        var blocks = run.Scenario("blocks").Argv;
        blocks.ShouldContain(JenkinsStepRun.Service);
        blocks.ShouldContain(JenkinsStepRun.Actor);
        blocks.ShouldContain($"{JenkinsStepRun.ReportDir}/pipeline-guard.json");
        run.Scenario("in the image").Argv.ShouldContain(JenkinsStepRun.Image);
        // Each hostile value would have created a file named pwned-... in the workspace had a shell read it.
        Directory.EnumerateFileSystemEntries(run.Root, "pwned*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [GroovyFact]
    public void With_failOnBlock_false_a_block_makes_the_build_unstable_and_returns_1()
    {
        var warned = run.Scenario("failOnBlock false");
        warned.Result.ShouldBe("UNSTABLE");
        warned.Returned.ShouldBe(1);
        warned.Steps.ShouldBe(["sh", "junit", "recordIssues", "archiveArtifacts", "unstable"]);
    }

    [GroovyFact]
    public void A_passing_check_publishes_the_reports_and_leaves_the_build_green()
    {
        var passed = run.Scenario("passes");
        JenkinsStepRun.Options(passed.Argv).ShouldContain("--mode audit");
        passed.Result.ShouldBe("SUCCESS");
        passed.Returned.ShouldBe(0);
        passed.Steps.ShouldBe(["sh", "junit", "recordIssues", "archiveArtifacts"]);
        File.Exists(Path.Combine(passed.Workspace, "pipeline-guard-reports", "pipeline-guard.sarif")).ShouldBeTrue("the default reportDir");
    }

    [GroovyFact]
    public void An_unreadable_input_fails_the_build_without_publishing_anything()
    {
        var unreadable = run.Scenario("unreadable input");
        unreadable.Status.ShouldBe(2, unreadable.Output);
        unreadable.Result.ShouldBe("FAILURE");
        unreadable.Error.ShouldNotBeNull().ShouldContain("could not read an input");
        unreadable.Steps.ShouldBe(["sh", "error"]);
    }

    [GroovyFact]
    public void A_pull_request_build_reads_the_policy_of_its_target_branch()
    {
        JenkinsStepRun.Options(run.Scenario("unreadable input").Argv).ShouldContain("--policy-ref origin/main");
    }

    [GroovyFact]
    public void The_policy_list_changedSince_context_and_postgres_reach_the_cli_as_their_options()
    {
        var options = JenkinsStepRun.Options(run.Scenario("unreadable input").Argv);
        string[] expected =
        [
            "--policy policies/base.yml", "--policy policies/team.yml", "--changed-since origin/main", "--context deploy context.json",
            "--postgres postgres://guard:secret@db.example:5432/app",
        ];
        foreach (var option in expected) options.ShouldContain(option);
    }

    [GroovyFact]
    public void In_the_image_the_cli_runs_as_the_job_user_with_the_job_variables_and_the_same_arguments()
    {
        var image = run.Scenario("in the image");
        var argv = image.Argv;
        var at = argv.ToList().IndexOf("--entrypoint");
        at.ShouldBeGreaterThan(0);
        argv.Take(3).ShouldBe(["run", "--rm", "-u"]);
        UserAndGroup().IsMatch(argv[3]).ShouldBeTrue(argv[3]);
        argv.Skip(4).Take(4).ShouldBe(["-v", $"{image.Workspace}:{image.Workspace}", "-w", image.Workspace]);
        argv.Skip(8).Take(at - 8).Where((_, i) => i % 2 == 1).ShouldBe(
        [
            "JENKINS_URL", "BUILD_URL", "JOB_NAME", "BUILD_NUMBER", "GIT_COMMIT", "GIT_BRANCH",
            "BRANCH_NAME", "CHANGE_ID", "CHANGE_AUTHOR", "CHANGE_TARGET", "TAG_NAME",
        ]);
        argv.Skip(8).Take(at - 8).Where((_, i) => i % 2 == 0).ShouldAllBe(flag => flag == "-e");
        argv[at + 1].ShouldBe("/opt/pipeline-guard/pipeline-guard");
        argv[at + 2].ShouldBe(JenkinsStepRun.Image);
        var options = JenkinsStepRun.Options(argv.Skip(at + 3).ToList());
        options.ShouldContain("--actor alice", "the actor comes from CHANGE_AUTHOR");
        options.ShouldContain("--commit 0123abc", "the commit comes from GIT_COMMIT");
        image.Result.ShouldBe("FAILURE");
        image.Status.ShouldBe(1, "the image's exit code is the step's: " + image.Output);
    }
}
