using System.Diagnostics;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Sql.SqlTestSupport;

namespace PipelineGuard.Tests.Sql;

/// <summary><c>--changed-since</c> against real temporary git repositories, through the git executable.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ChangedSinceTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("pg-git-").FullName;

    public ChangedSinceTests()
    {
        Git("init", "-q", "-b", "main");
        Write("db/V1__users.sql", "CREATE TABLE users (id bigint);\n");
        Write("db/V2__pets.sql", "CREATE TABLE pets (id bigint);\n");
        Write("db/V3__old.sql", "CREATE TABLE old (id bigint);\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "base migrations");
        Git("checkout", "-q", "-b", "feature");
        // An applied migration edited, one deleted, one added in order, one added below the applied versions, one untracked.
        Write("db/V1__users.sql", "CREATE TABLE users (id bigint, email text);\n");
        File.Delete(Path.Combine(_repo, "db/V3__old.sql"));
        Write("db/V4__drop.sql", "DROP TABLE pets;\n");
        Write("db/V1_5__late.sql", "ALTER TABLE users ADD COLUMN c int;\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "feature work");
        Write("db/V5__wip.sql", "TRUNCATE users;\n");
    }

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_repo, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_repo, recursive: true);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, p.StandardError.ReadToEnd());
        return output.Trim();
    }

    [Fact]
    public void Only_added_or_modified_migrations_are_compared_as_changes_against_the_merge_base()
    {
        var (set, _) = MigrationCollector.Collect(["db"], "main", _repo);
        set.BaseCommit.ShouldBe(Git("rev-parse", "main"));
        set.Files.ToDictionary(f => f.Path, f => f.GitStatus).ShouldBe(new Dictionary<string, MigrationGitStatus>
        {
            ["db/V1__users.sql"] = MigrationGitStatus.Modified,
            ["db/V2__pets.sql"] = MigrationGitStatus.Unchanged,
            ["db/V1_5__late.sql"] = MigrationGitStatus.Added,
            ["db/V4__drop.sql"] = MigrationGitStatus.Added,
            ["db/V5__wip.sql"] = MigrationGitStatus.Added,
        }, ignoreOrder: true);
    }

    [Fact]
    public void A_modified_or_deleted_applied_migration_is_a_finding_naming_the_file_and_the_base_commit()
    {
        var (set, _) = MigrationCollector.Collect(["db"], "main", _repo);
        var rule = "  - id: immutable\n    severity: high\n    enforcement: block\n    sql:\n      immutable_applied: true\n";
        var findings = Evaluate(rule, new EvaluationFacts { Now = Now }.With(set)).Findings;
        var shortBase = Git("rev-parse", "main")[..12];
        findings.Select(f => f.Target.File).ShouldBe(["db/V1__users.sql", "db/V3__old.sql"], ignoreOrder: true);
        findings.ShouldAllBe(f => f.Message.Contains(shortBase));
    }

    [Fact]
    public void Unchanged_migrations_are_not_judged_and_a_new_one_below_the_applied_versions_is_out_of_order()
    {
        var (set, _) = MigrationCollector.Collect(["db"], "main", _repo);
        var rules = """
              - id: data-loss
                severity: critical
                enforcement: block
                sql:
                  forbid: [drop-table, truncate, add-not-null-column]
              - id: set
                severity: medium
                enforcement: warn
                sql:
                  migration_set: true
            """;
        var findings = Evaluate(rules, new EvaluationFacts { Now = Now }.With(set)).Findings;
        findings.Where(f => f.RuleId == "data-loss").Select(f => f.Target.File).ShouldBe(["db/V4__drop.sql", "db/V5__wip.sql"], ignoreOrder: true);
        findings.Where(f => f.RuleId == "set").ShouldHaveSingleItem().Message.ShouldContain("db/V1_5__late.sql is new but its version 1.5 is below");
    }

    [Fact]
    public void The_check_command_reads_migrations_changed_since_a_ref_and_blocks()
    {
        Write("policy.yml", "version: 1\nrules:\n  - id: data-loss\n    severity: critical\n    enforcement: block\n    sql:\n      forbid: [drop-table]\n");
        var output = new StringWriter();
        var io = new CommandIo(output, new StringWriter(), new Dictionary<string, string?>(), _repo);
        var code = PipelineGuard.Cli.Cli.Run(["check", "--policy", "policy.yml", "--migrations", "db", "--changed-since", "main"], io);
        code.ShouldBe(1, output.ToString());
        output.ToString().ShouldContain("db/V4__drop.sql:1:1");
    }

    [Fact]
    public void An_unknown_ref_is_an_input_error_with_exit_code_2()
    {
        var error = new StringWriter();
        var io = new CommandIo(new StringWriter(), error, new Dictionary<string, string?>(), _repo);
        PipelineGuard.Cli.Cli.Run(["check", "--migrations", "db", "--changed-since", "no-such-branch"], io).ShouldBe(2);
        error.ToString().ShouldContain("merge-base");
    }
}
