using PipelineGuard.Deploy.Context;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy;

[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class DeployContextCollectorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-ctx-" + Guid.NewGuid().ToString("N"));

    public DeployContextCollectorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A folder that is not a git repository, so only the given sources count.</summary>
    private string NoRepo => _dir;

    private static readonly Dictionary<string, string> s_gitHubPullRequest = new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_ACTOR"] = "alice",
        ["GITHUB_TRIGGERING_ACTOR"] = "dave",
        ["GITHUB_REPOSITORY"] = "acme/payments",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_RUN_ID"] = "987654",
        ["GITHUB_REF"] = "refs/pull/42/merge",
        ["GITHUB_HEAD_REF"] = "fix/rounding",
        ["GITHUB_BASE_REF"] = "main",
        ["GITHUB_SHA"] = "1111111111111111111111111111111111111111",
        ["GITHUB_EVENT_NAME"] = "pull_request",
    };

    [Fact]
    public void GitHub_pull_request_runs_take_the_PR_number_author_and_head_commit_from_the_event_payload()
    {
        var env = new Dictionary<string, string>(s_gitHubPullRequest)
        {
            ["GITHUB_EVENT_PATH"] = Write("event.json", """
                {
                  "action": "synchronize",
                  "number": 42,
                  "pull_request": {
                    "number": 42, "state": "open", "draft": false, "title": "Fix rounding",
                    "user": { "login": "alice", "id": 1 },
                    "head": { "ref": "fix/rounding", "sha": "2222222222222222222222222222222222222222", "repo": { "full_name": "acme/payments" } },
                    "base": { "ref": "main", "sha": "3333333333333333333333333333333333333333" },
                    "labels": [ { "name": "deploy" } ], "merged": false
                  },
                  "repository": { "full_name": "acme/payments", "default_branch": "main" },
                  "sender": { "login": "alice" }
                }
                """),
        };
        var context = DeployContextCollector.Collect(env, null, ContextFlags.None, NoRepo);
        context.Platform.ShouldBe("github");
        context.Actor.ShouldBe("alice");
        context.TriggeringActor.ShouldBe("dave");
        context.Repository.ShouldBe("acme/payments");
        context.Branch.ShouldBe("fix/rounding");
        context.RunUrl.ShouldBe("https://github.com/acme/payments/actions/runs/987654");
        // GITHUB_SHA is the test merge commit on pull_request events; the head is what is deployed.
        context.Commit!.Sha.ShouldBe("2222222222222222222222222222222222222222");
        context.PullRequest!.Number.ShouldBe(42);
        context.PullRequest.Author.ShouldBe("alice");
        context.PullRequest.HeadSha.ShouldBe("2222222222222222222222222222222222222222");
    }

    [Fact]
    public void GitHub_push_runs_take_the_head_commit_message_and_logins_from_the_event_payload()
    {
        var env = new Dictionary<string, string>(s_gitHubPullRequest)
        {
            ["GITHUB_EVENT_NAME"] = "push",
            ["GITHUB_REF"] = "refs/heads/main",
            ["GITHUB_TRIGGERING_ACTOR"] = "alice",
            ["GITHUB_EVENT_PATH"] = Write("push.json", """
                {
                  "ref": "refs/heads/main", "before": "0000000000000000000000000000000000000000", "after": "4444444444444444444444444444444444444444",
                  "created": false, "deleted": false, "forced": false, "base_ref": null, "compare": "https://github.com/acme/payments/compare/a...b",
                  "commits": [],
                  "head_commit": {
                    "id": "4444444444444444444444444444444444444444",
                    "message": "Fix rounding [emergency]\n\nGuard-Override: deploy-window INC-42",
                    "author": { "name": "Alice Example", "email": "alice@example.com", "username": "alice" },
                    "committer": { "name": "GitHub", "email": "noreply@github.com", "username": "web-flow" }
                  },
                  "pusher": { "name": "alice" }, "repository": { "full_name": "acme/payments" }, "sender": { "login": "alice" }
                }
                """),
        };
        var context = DeployContextCollector.Collect(env, null, ContextFlags.None, NoRepo);
        context.Branch.ShouldBe("main");
        context.TriggeringActor.ShouldBeNull();
        context.PullRequest.ShouldBeNull();
        context.Commit!.Sha.ShouldBe("4444444444444444444444444444444444444444");
        context.Commit.Message!.ShouldContain("Guard-Override: deploy-window INC-42");
        context.Commit.Author.ShouldBe("alice");
        context.Commit.Committer.ShouldBe("web-flow");
    }

    [Fact]
    public void A_malformed_event_payload_is_an_input_error_naming_the_file()
    {
        var env = new Dictionary<string, string>(s_gitHubPullRequest) { ["GITHUB_EVENT_PATH"] = Write("bad.json", "{ \"pull_request\": ") };
        Should.Throw<InputException>(() => DeployContextCollector.Collect(env, null, ContextFlags.None, NoRepo))
            .File.ShouldEndWith("bad.json");
    }

    [Fact]
    public void Azure_Pipelines_variables_give_the_requester_branch_commit_run_and_PR()
    {
        var env = new Dictionary<string, string>
        {
            ["TF_BUILD"] = "True",
            ["BUILD_REQUESTEDFOR"] = "Alice Example",
            ["BUILD_REQUESTEDFOREMAIL"] = "alice@contoso.com",
            ["BUILD_SOURCEBRANCH"] = "refs/pull/17/merge",
            ["SYSTEM_PULLREQUEST_SOURCEBRANCH"] = "refs/heads/feature/rounding",
            ["BUILD_SOURCEVERSION"] = "5555555555555555555555555555555555555555",
            ["SYSTEM_PULLREQUEST_SOURCECOMMITID"] = "6666666666666666666666666666666666666666",
            ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "17",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "Payments Team",
            ["BUILD_BUILDID"] = "321",
            ["BUILD_REPOSITORY_NAME"] = "payments",
            ["BUILD_SOURCEVERSIONMESSAGE"] = "Fix rounding",
        };
        var context = DeployContextCollector.Collect(env, null, ContextFlags.None, NoRepo);
        context.Platform.ShouldBe("azure-pipelines");
        context.Actor.ShouldBe("alice@contoso.com");
        context.Branch.ShouldBe("feature/rounding");
        context.Commit!.Sha.ShouldBe("6666666666666666666666666666666666666666");
        context.Commit.Message.ShouldBe("Fix rounding");
        context.PullRequest!.Number.ShouldBe(17);
        context.RunUrl.ShouldBe("https://dev.azure.com/contoso/Payments%20Team/_build/results?buildId=321");
    }

    [Fact]
    public void Jenkins_variables_give_the_commit_branch_change_and_build_url()
    {
        var env = new Dictionary<string, string>
        {
            ["JENKINS_URL"] = "https://ci.example.com/",
            ["GIT_COMMIT"] = "7777777777777777777777777777777777777777",
            ["GIT_BRANCH"] = "origin/main",
            ["BUILD_URL"] = "https://ci.example.com/job/payments/12/",
            ["CHANGE_ID"] = "9",
            ["CHANGE_AUTHOR"] = "bob",
            ["BUILD_USER_ID"] = "carol",
        };
        var context = DeployContextCollector.Collect(env, null, ContextFlags.None, NoRepo);
        context.Platform.ShouldBe("jenkins");
        context.Branch.ShouldBe("main");
        context.Actor.ShouldBe("carol");
        context.Commit!.Sha.ShouldBe("7777777777777777777777777777777777777777");
        context.PullRequest!.Number.ShouldBe(9);
        context.PullRequest.Author.ShouldBe("bob");
        context.RunUrl.ShouldBe("https://ci.example.com/job/payments/12/");
    }

    [Fact]
    public void The_context_file_wins_over_platform_variables_and_flags_win_over_both()
    {
        var env = new Dictionary<string, string>(s_gitHubPullRequest) { ["GITHUB_REF"] = "refs/heads/main" };
        var file = Write("ctx.json", """{ "environment": "staging", "service": "payments", "actor": "bob", "branch": "release/1" }""");
        var context = DeployContextCollector.Collect(env, file, new ContextFlags(Environment: "production", Actor: "carol"), NoRepo);
        context.Environment.ShouldBe("production");
        context.Actor.ShouldBe("carol");
        context.Service.ShouldBe("payments");
        context.Branch.ShouldBe("release/1");
        context.Repository.ShouldBe("acme/payments");
    }

    [Fact]
    public void A_commit_flag_naming_another_commit_replaces_the_platform_commit_facts()
    {
        var env = new Dictionary<string, string>(s_gitHubPullRequest);
        var file = Write("ctx.json", """{ "commit": { "sha": "1111111111111111111111111111111111111111", "message": "[wip] old", "author": "alice" } }""");
        var context = DeployContextCollector.Collect(env, file, new ContextFlags(Commit: "8888888888888888888888888888888888888888"), NoRepo);
        context.Commit!.Sha.ShouldBe("8888888888888888888888888888888888888888");
        context.Commit.Message.ShouldBeNull();
        context.Commit.Author.ShouldBeNull();
    }

    [Fact]
    public void A_malformed_context_file_stops_collection_with_its_position()
    {
        var file = Write("ctx.json", "{\n  \"actor\": [\"alice\"]\n}");
        var ex = Should.Throw<InputException>(() => DeployContextCollector.Collect(new Dictionary<string, string>(), file, ContextFlags.None, NoRepo));
        ex.Message.ShouldBe($"{file}:2:12: 'actor' must be a string, not an array");
    }

    [Fact]
    public void Locally_git_gives_the_head_commit_message_author_committer_tags_and_branch()
    {
        using var repo = new TempGitRepo();
        repo.Commit("First");
        var sha = repo.Commit("Fix rounding [emergency]\n\nGuard-Override: deploy-window INC-42 is burning");
        repo.Git("tag", "v1.4.2");
        repo.Git("tag", "-a", "-m", "annotated", "release-2026-11");

        var context = DeployContextCollector.Collect(new Dictionary<string, string>(), null, ContextFlags.None, repo.Path);
        context.Platform.ShouldBe("local");
        context.Branch.ShouldBe("main");
        var commit = context.Commit!;
        commit.Sha.ShouldBe(sha);
        commit.Message.ShouldBe("Fix rounding [emergency]\n\nGuard-Override: deploy-window INC-42 is burning");
        commit.Author.ShouldBe("Alice Example");
        commit.AuthorEmail.ShouldBe("alice@example.com");
        commit.Committer.ShouldBe("Carol Example");
        commit.Tags!.Order().ShouldBe(["release-2026-11", "v1.4.2"]);
        commit.Signed.ShouldBe(false);
    }

    [Fact]
    public void A_commit_signed_with_a_key_git_trusts_is_signed_and_one_signed_by_an_unknown_key_is_not()
    {
        using var repo = new TempGitRepo();
        var key = Path.Combine(repo.Path, ".signing-key");
        using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "signer", "-f", key])!)
        {
            keygen.WaitForExit();
        }
        repo.Git("config", "gpg.format", "ssh");
        repo.Git("config", "user.signingkey", key + ".pub");
        File.WriteAllText(Path.Combine(repo.Path, ".allowed-signers"), "carol@example.com " + File.ReadAllText(key + ".pub"));
        repo.Git("config", "gpg.ssh.allowedSignersFile", Path.Combine(repo.Path, ".allowed-signers"));
        File.WriteAllText(Path.Combine(repo.Path, "f.txt"), "signed");
        repo.Git("add", "f.txt");
        repo.Git("-c", "user.email=carol@example.com", "commit", "-q", "-S", "-m", "Signed release");

        new GitRepository(repo.Path).ReadCommit("HEAD")!.Signed.ShouldBe(true);

        // The same key no longer listed as an allowed signer: the signature cannot be verified.
        File.WriteAllText(Path.Combine(repo.Path, ".allowed-signers"), "");
        new GitRepository(repo.Path).ReadCommit("HEAD")!.Signed.ShouldBe(false);
    }

    [Fact]
    public void Git_fills_only_what_the_platform_left_empty_for_the_commit_the_platform_names()
    {
        using var repo = new TempGitRepo();
        var first = repo.Commit("First release\n\nBody");
        repo.Commit("Second");
        var env = new Dictionary<string, string> { ["JENKINS_URL"] = "https://ci/", ["GIT_COMMIT"] = first, ["BUILD_USER_ID"] = "carol" };
        var context = DeployContextCollector.Collect(env, null, ContextFlags.None, repo.Path);
        context.Commit!.Sha.ShouldBe(first);
        context.Commit.Message.ShouldBe("First release\n\nBody");
        context.Actor.ShouldBe("carol");
    }

    [Fact]
    public void A_short_commit_flag_is_completed_by_git()
    {
        using var repo = new TempGitRepo();
        var sha = repo.Commit("Only");
        var context = DeployContextCollector.Collect(new Dictionary<string, string>(), null, new ContextFlags(Commit: sha[..8]), repo.Path);
        context.Commit!.Sha.ShouldBe(sha);
        context.Commit.Message.ShouldBe("Only");
    }

    [Fact]
    public void Outside_a_repository_there_are_simply_no_git_facts()
    {
        var context = DeployContextCollector.Collect(new Dictionary<string, string>(), null, ContextFlags.None, NoRepo);
        context.Commit.ShouldBeNull();
        context.Branch.ShouldBeNull();
    }
}
