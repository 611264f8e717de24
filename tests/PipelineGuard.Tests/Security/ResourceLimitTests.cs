using System.Diagnostics;
using PipelineGuard.Inputs;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>
/// Inputs that never end or that are too big to judge: refused at once with exit 2 and a message naming
/// the file and the limit, never read until the process runs out of memory or time.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ResourceLimitTests : IDisposable
{
    private readonly TempFolder _dir = new("pg-limits-");

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Check(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = CliRunner.InDirectory(_dir.Path, new Dictionary<string, string?>(), ["check", .. args]);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "refused at once, not after reading");
        return result;
    }

    private string Fifo(string name)
    {
        var path = _dir.File(name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
        return path;
    }

    /// <summary>A sparse file of the given size: no disk is used, but its length is what the guard sees.</summary>
    private string Sparse(string name, long bytes)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.SetLength(bytes);
        return path;
    }

    [Fact]
    public void Dev_zero_as_the_context_file_is_refused_at_once_with_exit_2()
    {
        var result = Check("--context", "/dev/zero", "--environment", "production");
        result.ExitCode.ShouldBe(2, result.Out);
        result.Error.ShouldContain("/dev/zero: is a character device, not a regular file");
    }

    [Fact]
    public void Dev_zero_as_the_plan_is_refused_at_once_with_exit_2()
    {
        var result = Check("--plan", "/dev/zero");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("character device");
    }

    [Fact]
    public void A_FIFO_as_the_context_file_is_refused_without_waiting_for_a_writer()
    {
        Fifo("context.json");
        var result = Check("--context", "context.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("context.json: is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void A_FIFO_as_the_plan_is_refused_without_waiting_for_a_writer()
    {
        Fifo("plan.json");
        var result = Check("--plan", "plan.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("plan.json: is a FIFO (named pipe)");
    }

    [Fact]
    public void A_FIFO_named_like_a_migration_inside_the_migrations_folder_is_refused()
    {
        Directory.CreateDirectory(_dir.File("migrations"));
        _dir.Write("migrations/V1__ok.sql", "CREATE TABLE t (id int);\n");
        Fifo("migrations/V2__never_ends.sql");
        var result = Check("--migrations", "migrations");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("V2__never_ends.sql: is a FIFO (named pipe)");
    }

    [Fact]
    public void A_FIFO_as_the_policy_is_refused_without_waiting_for_a_writer()
    {
        Fifo("policy.yml");
        _dir.Write("plan.json", Build.PlanJson());
        var result = Check("--policy", "policy.yml", "--plan", "plan.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("is a FIFO (named pipe)");
    }

    [Fact]
    public void A_400_MB_migration_is_refused_at_once_naming_the_limit()
    {
        Sparse("migrations/V1__huge.sql", 400L << 20);
        var result = Check("--migrations", "migrations");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("V1__huge.sql: the migration file is 400 MiB");
        result.Error.ShouldContain("limited to 16 MiB");
    }

    [Fact]
    public void A_migration_set_over_the_total_limit_is_refused_naming_the_total()
    {
        for (var i = 1; i <= 9; i++) Sparse($"migrations/V{i}__big.sql", 15L << 20);
        var result = Check("--migrations", "migrations");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("the migrations come to 135 MiB");
    }

    [Fact]
    public void A_context_file_over_1_MiB_is_refused_naming_the_limit()
    {
        Sparse("context.json", (1L << 20) + 1);
        var result = Check("--context", "context.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("context.json: the context file is 1 MiB (1048577 bytes); a context file is limited to 1 MiB");
    }

    [Fact]
    public void A_plan_over_1_GiB_is_refused_naming_the_limit()
    {
        Sparse("plan.json", (1L << 30) + 1);
        var result = Check("--plan", "plan.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("plan.json: the plan is 1024 MiB");
    }

    [Fact]
    public void A_policy_over_8_MiB_is_refused_naming_the_limit()
    {
        Sparse("policy.yml", (8L << 20) + 1);
        _dir.Write("plan.json", Build.PlanJson());
        var result = Check("--policy", "policy.yml", "--plan", "plan.json");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("a policy file is limited to 8 MiB");
    }

    [Fact]
    public void Every_input_kind_has_a_limit_that_keeps_a_run_under_1_GB()
    {
        foreach (var kind in Enum.GetValues<InputKind>()) InputLimits.MaxBytes(kind).ShouldBeInRange(1, 1L << 30);
    }

    [Fact]
    public async Task The_largest_migration_accepted_is_judged_in_under_30_seconds_and_1_GB()
    {
        // Just under the limit: 16 MiB of real statements, judged by a real process under /usr/bin/time.
        var statement = "INSERT INTO audit_events (id, kind, payload) VALUES (1, 'login', '{\"ip\":\"10.0.0.1\"}');\n";
        var path = _dir.File("migrations", "V1__seed.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var w = new StreamWriter(path))
        {
            for (long written = 0; written + statement.Length < InputLimits.MaxMigrationBytes; written += statement.Length) w.Write(statement);
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll");
        var start = new ProcessStartInfo("/usr/bin/time", ["-f", "peak-kb=%M", "dotnet", dll, "check", "--migrations", "migrations", "--environment", "production"])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000).ShouldBeTrue();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        var peak = (await stderr).Split('\n').Last(l => l.StartsWith("peak-kb=", StringComparison.Ordinal));
        long.Parse(peak["peak-kb=".Length..], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(1_000_000, await stdout);
    }
}
