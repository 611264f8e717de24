using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>
/// Attacks through git: a pull request that weakens the policy judging it, and flag values that git
/// would read as options. Each runs the real CLI in a real repository.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class GitTrustAttackTests : IDisposable
{
    private readonly TempGitRepo _repo = new();
    private readonly TempFolder _runner = new("pg-runner-");

    private const string BlockingPolicy = """
        version: 1
        rules:
          - id: keep-databases
            description: Production databases are never destroyed.
            severity: critical
            enforcement: block
            terraform: { resource_types: [aws_db_instance], actions: [delete] }
        """;

    private static string DestroysProductionDatabase => File.ReadAllText(RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"));

    private string Write(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Path, file), content);
        _repo.Git("add", file);
        return file;
    }

    private string CommitAll(string message)
    {
        _repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
        return _repo.Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>main holds the blocking policy; the branch turns it into a warning and adds a plan that destroys the database.</summary>
    private (string Base, string Head) PullRequestThatWeakensThePolicy()
    {
        Write(".pipeline-guard.yml", BlockingPolicy);
        Directory.CreateDirectory(Path.Combine(_repo.Path, "db"));
        Write("db/V1__init.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        var baseSha = CommitAll("policy");
        _repo.Git("checkout", "-q", "-b", "drop-orders");
        Write(".pipeline-guard.yml", BlockingPolicy.Replace("enforcement: block", "enforcement: warn", StringComparison.Ordinal));
        Write("plan.json", DestroysProductionDatabase);
        var head = CommitAll("retire the orders database");
        return (baseSha, head);
    }

    /// <summary>Nothing from the machine's own CI, and no network.</summary>
    private static Dictionary<string, string?> Local() => new(StringComparer.Ordinal)
    {
        ["GITHUB_ACTIONS"] = null, ["TF_BUILD"] = null, ["JENKINS_URL"] = null, ["CI"] = null,
    };

    [Fact]
    public void A_pull_request_that_weakens_the_policy_is_judged_by_the_policy_of_its_base_branch()
    {
        PullRequestThatWeakensThePolicy();

        // The attack, as it works without --policy-ref: the branch's own policy only warns.
        CliRunner.InDirectory(_repo.Path, Local(), "check", "--plan", "plan.json", "--environment", "production").ExitCode.ShouldBe(0);

        var judged = CliRunner.InDirectory(_repo.Path, Local(), "check", "--plan", "plan.json", "--environment", "production", "--policy-ref", "main");
        judged.ExitCode.ShouldBe(1, judged.Out + judged.Error);
        judged.Out.ShouldContain("BLOCK keep-databases");
        judged.Out.ShouldContain("this change edits policy files (.pipeline-guard.yml)");
    }

    [Fact]
    public void The_GitHub_Action_judges_a_pull_request_with_the_policy_of_its_base_commit_by_default()
    {
        var (baseSha, head) = PullRequestThatWeakensThePolicy();
        var env = ActionEnvironment(baseSha, head);

        var judged = CliRunner.InDirectory(_repo.Path, env, "github-action");
        judged.ExitCode.ShouldBe(1, judged.Out + judged.Error);
        judged.Out.ShouldContain("keep-databases");

        // Turned off, the pull request's own (weakened) policy judges it: the input is the only way to get that.
        env["INPUT_POLICY-FROM-BASE"] = "false";
        CliRunner.InDirectory(_repo.Path, env, "github-action").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_base_commit_missing_from_a_shallow_clone_is_an_error_not_the_pull_requests_own_policy()
    {
        var (_, head) = PullRequestThatWeakensThePolicy();
        var env = ActionEnvironment(new string('1', 40), head);

        var judged = CliRunner.InDirectory(_repo.Path, env, "github-action");
        judged.ExitCode.ShouldBe(2, judged.Out + judged.Error);
        judged.Error.ShouldContain("1111111111111111111111111111111111111111");
    }

    [Theory]
    [InlineData("--commit")]
    [InlineData("--changed-since")]
    [InlineData("--policy-ref")]
    public void A_flag_value_that_git_would_read_as_an_option_is_refused_and_writes_no_file(string option)
    {
        PullRequestThatWeakensThePolicy();
        var target = _runner.File("pwned");

        var result = CliRunner.InDirectory(_repo.Path, Local(), "check", "--plan", "plan.json", "--migrations", "db", "--environment", "production", $"{option}=--output={target}");
        result.ExitCode.ShouldBe(2, result.Out + result.Error);
        File.Exists(target).ShouldBeFalse();
        result.Error.ShouldContain("--output=");
    }

    private Dictionary<string, string?> ActionEnvironment(string baseSha, string head)
    {
        var eventFile = _runner.File("event.json");
        File.WriteAllText(eventFile, "{\"action\":\"synchronize\",\"number\":7,\"pull_request\":{\"number\":7,\"user\":{\"login\":\"octocat\"}," +
            "\"head\":{\"ref\":\"drop-orders\",\"sha\":\"" + head + "\"},\"base\":{\"ref\":\"main\",\"sha\":\"" + baseSha + "\"}}}");
        File.WriteAllText(_runner.File("output"), "");
        File.WriteAllText(_runner.File("summary"), "");
        var env = Local();
        env["GITHUB_ACTIONS"] = "true";
        env["GITHUB_WORKSPACE"] = _repo.Path;
        env["GITHUB_EVENT_NAME"] = "pull_request";
        env["GITHUB_EVENT_PATH"] = eventFile;
        env["GITHUB_OUTPUT"] = _runner.File("output");
        env["GITHUB_STEP_SUMMARY"] = _runner.File("summary");
        env["GITHUB_SHA"] = head;
        env["GITHUB_ACTOR"] = "octocat";
        // Nothing here may reach the network: an API call fails at once.
        env["GITHUB_API_URL"] = "http://127.0.0.1:9";
        env["INPUT_PLAN"] = "plan.json";
        env["INPUT_ENVIRONMENT"] = "production";
        env["INPUT_JSON"] = _runner.File("report.json");
        env["INPUT_SARIF"] = _runner.File("report.sarif");
        env["INPUT_POLICY-FROM-BASE"] = "true";
        return env;
    }

    public void Dispose()
    {
        _repo.Dispose();
        _runner.Dispose();
    }
}
