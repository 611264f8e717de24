using System.Diagnostics;
using PipelineGuard.Tests.Support;
using PipelineGuard.Trace;

namespace PipelineGuard.Tests.Trace;

[Collection(PostgresServerGroup.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class EmbeddedPostgresTests(PostgresServer shared)
{
    [PostgresFact]
    public async Task The_shared_server_answers_over_its_unix_socket_with_fsync_off_and_no_tcp_listener()
    {
        await using var source = shared.Server.DataSource();
        await using var command = source.CreateCommand("SELECT current_setting('fsync'), current_setting('listen_addresses'), current_setting('server_version_num')::int");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldBe("off");
        reader.GetString(1).ShouldBe("");
        reader.GetInt32(2).ShouldBeGreaterThanOrEqualTo(110000);
        File.Exists(Path.Combine(shared.Server.Folder, $".s.PGSQL.{shared.Server.Port}")).ShouldBeTrue();
    }

    [PostgresFact]
    public async Task A_started_server_leaves_no_process_and_no_folder_behind_once_disposed()
    {
        string folder;
        int pid;
        using (var server = EmbeddedPostgres.Start(PostgresServer.ProcessEnvironment()))
        {
            folder = server.Folder;
            pid = server.ServerProcessId ?? throw new InvalidOperationException("no postmaster.pid");
            await using var source = server.DataSource();
            await using var command = source.CreateCommand("SELECT pg_backend_pid()");
            ((int)(await command.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
            Directory.Exists(folder).ShouldBeTrue();
            ProcessesMentioning(folder).ShouldNotBeEmpty();
        }

        Directory.Exists(folder).ShouldBeFalse();
        IsRunning(pid).ShouldBeFalse();
        ProcessesMentioning(folder).ShouldBeEmpty();
    }

    [Fact]
    public void A_named_bin_folder_without_the_server_programs_is_refused_by_name()
    {
        var env = new Dictionary<string, string?> { [PostgresBinaries.BinDirectoryVariable] = "/nonexistent/pg/bin", ["PATH"] = "/usr/bin" };

        var ex = Should.Throw<PostgresUnavailableException>(() => PostgresBinaries.Find(env));

        ex.Message.ShouldContain("/nonexistent/pg/bin");
        ex.Message.ShouldContain("initdb, pg_ctl, postgres");
    }

    [Fact]
    public void No_server_programs_anywhere_is_an_error_saying_where_it_looked_and_what_to_install()
    {
        var empty = Directory.CreateTempSubdirectory("pg-none-").FullName;
        try
        {
            var env = new Dictionary<string, string?> { ["PATH"] = empty };

            PostgresBinaries.TryFind(env, Path.Combine(empty, "lib"), out _, out var why).ShouldBeFalse();

            why.ShouldContain("initdb, pg_ctl, postgres");
            why.ShouldContain("PATH");
            why.ShouldContain("apt-get install postgresql");
            why.ShouldContain(PostgresBinaries.BinDirectoryVariable);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static List<int> ProcessesMentioning(string folder) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0 && CommandLine(pid).Contains(folder, StringComparison.Ordinal))
            .ToList();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
