using PipelineGuard.Cli.Commands;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.PolicyAsCode;

public class InitCommandTests
{
    private static TempFolder RepositoryWith(params (string Path, string Text)[] files)
    {
        var dir = new TempFolder("pg-init-");
        foreach (var (path, text) in files) dir.Write(path, text);
        return dir;
    }

    [Fact]
    public void Init_finds_terraform_mysql_migrations_and_GitHub_and_writes_an_audit_mode_policy_whose_example_test_passes()
    {
        using var repo = RepositoryWith(
            ("infra/main.tf", "resource \"aws_db_instance\" \"main\" {}\n"),
            ("infra/modules/net/main.tf", "resource \"aws_vpc\" \"main\" {}\n"),
            ("db/migrations/V1__init.sql", "CREATE TABLE `orders` (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"),
            (".github/workflows/deploy.yml", "on: push\n"));
        var result = CliRunner.InDirectory(repo.Path, null, "init");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("terraform in infra, infra/modules/net");
        result.Out.ShouldContain("SQL migrations in db/migrations (mysql)");
        result.Out.ShouldContain("CI: github");
        result.Out.ShouldContain(".github/workflows/");
        result.Out.ShouldContain("pipeline-guard check --plan plan.json");
        result.Out.ShouldContain("--audit-log");
        var policy = File.ReadAllText(repo.File(".pipeline-guard.yml"));
        policy.ShouldContain("mode: audit");
        policy.ShouldContain("dialect: mysql");
        CliRunner.InDirectory(repo.Path, null, "validate").ExitCode.ShouldBe(0);
        var tests = CliRunner.InDirectory(repo.Path, null, "test", ".pipeline-guard");
        tests.ExitCode.ShouldBe(0, tests.Out);
        tests.Out.TrimEnd().ShouldEndWith("2 passed, 0 failed");
        // Audit mode: the starter never fails a pipeline, even on the example's database delete.
        var check = CliRunner.InDirectory(repo.Path, null, "check", "--plan", InitCommand.FixturePlan, "--environment", "production");
        check.ExitCode.ShouldBe(0);
        check.Out.ShouldContain("would have blocked");
        // The starter's migration rule, in the dialect init found, reads the migration folder it found.
        repo.Write("db/migrations/V2__cleanup.sql", "DROP TABLE `legacy_orders`;\n");
        var sql = CliRunner.InDirectory(repo.Path, null, "check", "--migrations", "db/migrations", "--environment", "production");
        sql.ExitCode.ShouldBe(0, sql.Error);
        sql.Out.ShouldContain("BLOCK migrations-no-data-loss-mysql");
        sql.Out.ShouldContain("db/migrations/V2__cleanup.sql:1:1");
    }

    [Theory]
    [InlineData("azure-pipelines.yml", "azure-pipelines.yml", "- script:")]
    [InlineData("Jenkinsfile", "Jenkinsfile", "sh '")]
    public void Init_prints_the_next_step_for_the_platform_it_finds(string file, string mentioned, string step)
    {
        using var repo = RepositoryWith((file, "pipeline\n"), ("terraform/main.tf", "\n"));
        var result = CliRunner.InDirectory(repo.Path, null, "init");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain(mentioned);
        result.Out.ShouldContain(step);
        result.Out.ShouldNotContain(".github/workflows/");
    }

    [Fact]
    public void Init_without_CI_files_says_how_to_run_it_by_hand()
    {
        using var repo = RepositoryWith(("README.md", "nothing here\n"));
        var result = CliRunner.InDirectory(repo.Path, null, "init");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("no terraform; no SQL migrations; no CI configuration");
        result.Out.ShouldContain("Run it where you deploy from");
    }

    [Fact]
    public void Init_does_not_overwrite_an_existing_policy_without_force()
    {
        using var repo = RepositoryWith((".pipeline-guard.yml", "version: 1\nrules: []\n"));
        var result = CliRunner.InDirectory(repo.Path, null, "init");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("already exists");
        File.ReadAllText(repo.File(".pipeline-guard.yml")).ShouldBe("version: 1\nrules: []\n");
        CliRunner.InDirectory(repo.Path, null, "init", "--force").ExitCode.ShouldBe(0);
        File.ReadAllText(repo.File(".pipeline-guard.yml")).ShouldContain("mode: audit");
    }

    [Theory]
    [InlineData("harbor/postgresql", "postgres")]
    [InlineData("temporal/mysql/v8/temporal", "mysql")]
    [InlineData("dnn-platform", "sqlserver")]
    [InlineData("grate/src/grate.sqlite", "sqlite")]
    public void The_dialect_of_real_migration_folders_is_recognised(string folder, string dialect)
    {
        var files = Directory.EnumerateFiles(RepoPaths.InCorpus("migrations", folder), "*.sql", SearchOption.AllDirectories);
        RepositorySurvey.GuessDialect(files).ShouldBe(dialect);
    }
}
