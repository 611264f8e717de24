using System.Diagnostics;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>The pre-push hook, driven by real git pushes to a local bare repository.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class PrePushHookTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pg-hook-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Work => Path.Combine(_root.FullName, "work");
    private string Remote => Path.Combine(_root.FullName, "remote.git");

    private static string Guard => $"dotnet {Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll")}";

    private sealed record GitResult(int ExitCode, string Output);

    private static GitResult Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "Dev", ["GIT_AUTHOR_EMAIL"] = "dev@example.com",
            ["GIT_COMMITTER_NAME"] = "Dev", ["GIT_COMMITTER_EMAIL"] = "dev@example.com",
            ["GIT_CONFIG_NOSYSTEM"] = "1", ["NO_COLOR"] = "1",
        })
        {
            start.Environment[k] = v;
        }
        foreach (var name in new[] { "GITHUB_ACTIONS", "TF_BUILD", "JENKINS_URL" }) start.Environment.Remove(name);
        using var git = Process.Start(start)!;
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEndAsync();
        git.WaitForExit(120_000).ShouldBeTrue("git did not finish");
        return new GitResult(git.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>An empty working repository with a bare remote as origin.</summary>
    private void WorkAndRemote(string objectFormat = "sha1")
    {
        Git(_root.FullName, "init", "-q", "--bare", $"--object-format={objectFormat}", "-b", "main", Remote).ExitCode.ShouldBe(0);
        Git(_root.FullName, "init", "-q", $"--object-format={objectFormat}", "-b", "main", Work).ExitCode.ShouldBe(0);
        Git(Work, "remote", "add", "origin", Remote);
    }

    private void Repository(string objectFormat = "sha1")
    {
        WorkAndRemote(objectFormat);
        Commit("README.md", "hello\n", "initial commit");
        Git(Work, "push", "-q", "origin", "main").ExitCode.ShouldBe(0);
        CliRunner.InDirectory(Work, null, "hook", "install", "--environment", "production", "--guard", Guard).ExitCode.ShouldBe(0);
    }

    private void Commit(string file, string content, string message)
    {
        var path = Path.Combine(Work, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        Git(Work, "add", file).ExitCode.ShouldBe(0);
        Git(Work, "commit", "-q", "-m", message).ExitCode.ShouldBe(0);
    }

    private static string DestroysProductionDatabase => File.ReadAllText(RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"));

    private string RemoteTip(string branch = "main") => Git(Remote, "rev-parse", "--verify", "-q", branch).Output.Trim();

    [Fact]
    public void Pushing_a_plan_that_destroys_a_production_database_is_stopped_and_names_the_escape()
    {
        Repository();
        var before = RemoteTip();
        Commit("deploy/prod.plan.json", DestroysProductionDatabase, "drop orders");
        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldNotBe(0);
        push.Output.ShouldContain("BLOCK no-destroy-stateful");
        push.Output.ShouldContain("git push --no-verify");
        RemoteTip().ShouldBe(before);

        Git(Work, "push", "-q", "--no-verify", "origin", "main").ExitCode.ShouldBe(0);
        RemoteTip().ShouldNotBe(before);
    }

    [Fact]
    public void Pushing_a_migration_that_drops_a_column_is_stopped_on_its_line()
    {
        Repository();
        Commit("db/migrations/V1__create.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, total bigint);\n", "create orders");
        Git(Work, "push", "-q", "--no-verify", "origin", "main").ExitCode.ShouldBe(0);
        Commit("db/migrations/V2__drop_total.sql", "SET lock_timeout = '5s';\n\nALTER TABLE orders DROP COLUMN total;\n", "drop total");
        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldNotBe(0);
        push.Output.ShouldContain("BLOCK sql-data-loss");
        push.Output.ShouldContain("db/migrations/V2__drop_total.sql:3:1");
        // Only what the push changes is checked: the migration already on the remote is not an input.
        push.Output.ShouldNotContain("V1__create.sql");
    }

    [Fact]
    public void A_push_that_changes_no_plan_or_migration_does_not_run_the_guard()
    {
        Repository();
        Commit("src/app.txt", "code\n", "code only");
        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldBe(0, push.Output);
        push.Output.ShouldNotContain("Decision:");
    }

    [Fact]
    public void A_new_branch_is_checked_for_its_own_commits_only_and_a_branch_delete_passes()
    {
        Repository();
        Commit("deploy/prod.plan.json", DestroysProductionDatabase, "drop orders");
        Git(Work, "push", "-q", "--no-verify", "origin", "main").ExitCode.ShouldBe(0);
        Git(Work, "checkout", "-q", "-b", "feature").ExitCode.ShouldBe(0);
        Commit("deploy/staging.plan.json", "{\"format_version\":\"1.2\",\"resource_changes\":[]}", "empty staging plan");
        var push = Git(Work, "push", "origin", "feature");
        push.ExitCode.ShouldBe(0, push.Output);
        push.Output.ShouldContain("input plan: deploy/staging.plan.json");
        push.Output.ShouldNotContain("prod.plan.json");

        var delete = Git(Work, "push", "origin", "--delete", "feature");
        delete.ExitCode.ShouldBe(0, delete.Output);
        RemoteTip("feature").ShouldBeEmpty();
    }

    [Fact]
    public void In_a_sha256_repository_a_new_branch_with_a_bad_plan_is_stopped()
    {
        Repository("sha256");
        Git(Work, "checkout", "-q", "-b", "drop-db").ExitCode.ShouldBe(0);
        Commit("prod.plan.json", DestroysProductionDatabase, "drop orders");
        var push = Git(Work, "push", "origin", "drop-db");
        push.ExitCode.ShouldNotBe(0);
        push.Output.ShouldContain("BLOCK no-destroy-stateful");
        RemoteTip("drop-db").ShouldBeEmpty();
    }

    [Fact]
    public void Install_keeps_an_existing_hook_aside_and_uninstall_puts_it_back()
    {
        Git(_root.FullName, "init", "-q", "-b", "main", Work).ExitCode.ShouldBe(0);
        var hooks = Path.Combine(Work, ".git", "hooks");
        Directory.CreateDirectory(hooks);
        var theirs = "#!/bin/sh\necho their hook\n";
        File.WriteAllText(Path.Combine(hooks, "pre-push"), theirs);

        CliRunner.InDirectory(Work, null, "hook", "install", "--guard", Guard).ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(hooks, "pre-push")).ShouldContain(HookCommand.Marker);
        File.ReadAllText(Path.Combine(hooks, "pre-push" + HookCommand.BackupSuffix)).ShouldBe(theirs);
        // Installing again replaces our hook and keeps theirs.
        CliRunner.InDirectory(Work, null, "hook", "install", "--guard", Guard).ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(hooks, "pre-push" + HookCommand.BackupSuffix)).ShouldBe(theirs);

        CliRunner.InDirectory(Work, null, "hook", "uninstall").ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(hooks, "pre-push")).ShouldBe(theirs);
        File.Exists(Path.Combine(hooks, "pre-push" + HookCommand.BackupSuffix)).ShouldBeFalse();

        // A hook that is not ours is never removed.
        var refused = CliRunner.InDirectory(Work, null, "hook", "uninstall");
        refused.ExitCode.ShouldBe(2);
        File.ReadAllText(Path.Combine(hooks, "pre-push")).ShouldBe(theirs);
    }

    [Fact]
    public void A_committed_truncate_on_a_branch_that_is_not_checked_out_is_stopped()
    {
        Repository();
        Git(Work, "checkout", "-q", "-b", "wipe").ExitCode.ShouldBe(0);
        Commit("db/migrations/V2__wipe.sql", "TRUNCATE users;\n", "tidy users");
        Git(Work, "checkout", "-q", "main").ExitCode.ShouldBe(0);
        // The working tree now has no migration at all: only the pushed commit holds the TRUNCATE.
        File.Exists(Path.Combine(Work, "db", "migrations", "V2__wipe.sql")).ShouldBeFalse();

        var push = Git(Work, "push", "origin", "wipe");
        push.ExitCode.ShouldNotBe(0, push.Output);
        push.Output.ShouldContain("sql-data-loss");
        RemoteTip("wipe").ShouldBeEmpty();
    }

    [Fact]
    public void A_committed_drop_table_hidden_under_an_uncommitted_edit_is_stopped()
    {
        Repository();
        Commit("db/migrations/V2__drop.sql", "DROP TABLE users;\n", "retire users");
        // The file on disk says something harmless; the commit being pushed still drops the table.
        File.WriteAllText(Path.Combine(Work, "db", "migrations", "V2__drop.sql"), "SELECT 1;\n");
        var before = RemoteTip();

        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldNotBe(0, push.Output);
        push.Output.ShouldContain("V2__drop.sql:1");
        RemoteTip().ShouldBe(before);
    }

    [Fact]
    public void An_existing_pre_push_hook_still_runs_first_and_its_refusal_stands()
    {
        WorkAndRemote();
        Commit("README.md", "hello\n", "initial commit");
        var hooks = Path.Combine(Work, ".git", "hooks");
        Directory.CreateDirectory(hooks);
        var ran = Path.Combine(_root.FullName, "their-hook-ran");
        File.WriteAllText(Path.Combine(hooks, "pre-push"), $"#!/bin/sh\ncat > '{ran}'\nexit 7\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(hooks, "pre-push"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CliRunner.InDirectory(Work, null, "hook", "install", "--environment", "production", "--guard", Guard).ExitCode.ShouldBe(0);

        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldNotBe(0, push.Output);
        push.Output.ShouldContain("the previous pre-push hook");
        push.Output.ShouldContain("exit 7");
        // It got the same ref lines on standard input that git gave the hook.
        File.ReadAllText(ran).ShouldContain("refs/heads/main");
        RemoteTip().ShouldBeEmpty();
    }

    [Fact]
    public void A_hook_whose_guard_has_gone_refuses_the_push_and_says_how_to_fix_it()
    {
        var copy = Path.Combine(_root.FullName, "guard");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll"), Path.Combine(copy, "pipeline-guard.dll"));
        WorkAndRemote();
        Commit("db/migrations/V1__drop.sql", "DROP TABLE users;\n", "retire users");
        CliRunner.InDirectory(Work, null, "hook", "install", "--environment", "production", "--guard", $"dotnet {Path.Combine(copy, "pipeline-guard.dll")}").ExitCode.ShouldBe(0);
        Directory.Delete(copy, recursive: true);

        var push = Git(Work, "push", "origin", "main");
        push.ExitCode.ShouldNotBe(0, push.Output);
        push.Output.ShouldContain("which is no longer there");
        push.Output.ShouldContain("pipeline-guard hook install");
        RemoteTip().ShouldBeEmpty();
    }

    [Fact]
    public void The_hook_quotes_every_word_it_was_given()
    {
        var script = HookCommand.Script(new HookOptions("prod'; rm -rf /", ["policies/it's.yml"], "/opt/pipeline guard/pg"));
        script.ShouldContain("'/opt/pipeline' 'guard/pg' \"$@\"");
        script.ShouldContain("--environment 'prod'\\''; rm -rf /'");
        script.ShouldContain("--policy 'policies/it'\\''s.yml'");
        script.ShouldStartWith("#!/bin/sh\n" + HookCommand.Marker);
    }
}
