using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using PipelineGuard.Processes;

namespace PipelineGuard.Trace;

/// <summary>
/// A throwaway PostgreSQL server: <c>initdb</c> and <c>pg_ctl</c> into a fresh temporary folder, reachable only
/// through a unix socket in that folder (no TCP listener), fsync off. <see cref="Dispose"/> stops it and deletes
/// the folder. Run as root (CI containers), the server processes run as the <c>postgres</c> OS user, because
/// initdb refuses root and a server should not run with root's rights anyway.
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    /// <summary>The OS user the server runs as when this process is root.</summary>
    public const string ServiceUser = "postgres";

    /// <summary>The database superuser initdb creates.</summary>
    public const string Superuser = "postgres";

    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresBinaries _binaries;
    private readonly bool _asServiceUser;
    private bool _disposed;

    private EmbeddedPostgres(PostgresBinaries binaries, string folder, int port, bool asServiceUser)
    {
        _binaries = binaries;
        Folder = folder;
        Port = port;
        _asServiceUser = asServiceUser;
    }

    /// <summary>The temporary folder: the data directory, the server log and the socket are all inside.</summary>
    public string Folder { get; }

    /// <summary>The port number; with no TCP listener it only names the socket file (<c>.s.PGSQL.&lt;port&gt;</c>).</summary>
    public int Port { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>A connection string for the superuser to the given database, over the unix socket.</summary>
    public string ConnectionString(string database = "postgres", string user = Superuser) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Folder,
            Port = Port,
            Username = user,
            Database = database,
            Pooling = false,
            Timeout = 30,
        }.ConnectionString;

    /// <summary>A data source for the given database and user (the slim builder: no reflection-based type mapping, AOT-safe).</summary>
    public NpgsqlDataSource DataSource(string database = "postgres", string user = Superuser) =>
        new NpgsqlSlimDataSourceBuilder(ConnectionString(database, user)).Build();

    /// <summary>The server's process id, read from postmaster.pid; null once it has stopped.</summary>
    public int? ServerProcessId
    {
        get
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (!File.Exists(pidFile)) return null;
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
    }

    /// <summary>Starts a server from the binaries found in <paramref name="environment"/> (see <see cref="PostgresBinaries.Find"/>).</summary>
    /// <remarks>The server's folder goes under the environment's TMPDIR when it names an existing folder (as root it must be one the postgres user can reach).</remarks>
    public static EmbeddedPostgres Start(IReadOnlyDictionary<string, string?> environment) =>
        Start(PostgresBinaries.Find(environment), environment.GetValueOrDefault("TMPDIR"));

    public static EmbeddedPostgres Start(PostgresBinaries binaries, string? tempFolder = null)
    {
        var asServiceUser = Environment.IsPrivilegedProcess;
        if (asServiceUser && !ServiceUserExists())
        {
            throw new PostgresUnavailableException(
                $"running as root, and initdb refuses root, but there is no '{ServiceUser}' OS user to run the server as " +
                "(Debian's postgresql package creates it); run as a non-root user or give --postgres <url>");
        }
        if (asServiceUser && !File.Exists("/usr/sbin/runuser") && !File.Exists("/usr/bin/runuser") && !File.Exists("/sbin/runuser"))
        {
            throw new PostgresUnavailableException("running as root needs runuser (util-linux) to start the server as the 'postgres' user; none was found");
        }

        var folder = CreateFolder(asServiceUser, tempFolder);
        var server = new EmbeddedPostgres(binaries, folder, FreePort(), asServiceUser);
        try
        {
            server.InitDb();
            server.WriteSettings();
            server.Run(binaries.PgCtl, "start", "-D", server.DataDirectory, "-l", server.LogFile, "-w", "-t", "60", "-s");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown, then a kill if it does not stop) and deletes the folder.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var pid = ServerProcessId;
        if (pid is not null)
        {
            try
            {
                Run(_binaries.PgCtl, "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "-s");
            }
            catch (PostgresUnavailableException)
            {
                Kill(pid.Value);
            }
            WaitForExit(pid.Value);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private void InitDb()
    {
        try
        {
            Run(_binaries.InitDb, "-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
        }
        catch (PostgresUnavailableException ex) when (ex.Message.Contains("--no-instructions", StringComparison.Ordinal))
        {
            // initdb before PostgreSQL 14 has no --no-instructions.
            Run(_binaries.InitDb, "-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        }
    }

    private void WriteSettings()
    {
        // Settings in the data directory rather than pg_ctl -o: no shell quoting of the folder path.
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# pipeline-guard: a throwaway server for tracing migrations")
            .AppendLine("listen_addresses = ''")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{Folder.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("max_connections = 20")
            .AppendLine("shared_buffers = 32MB")
            .AppendLine("max_locks_per_transaction = 256")
            .AppendLine("logging_collector = off")
            .ToString();
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), settings);
    }

    private static string CreateFolder(bool asServiceUser, string? tempFolder)
    {
        // The socket path must fit in 107 bytes, and as root the service user must be able to reach the folder.
        var given = tempFolder is { Length: > 0 and <= 60 } t && Path.IsPathFullyQualified(t) && Directory.Exists(t);
        var parent = given ? tempFolder! : Path.GetTempPath();
        if ((asServiceUser && !given) || parent.Length > 60) parent = "/tmp";
        if (OperatingSystem.IsWindows())
        {
            throw new PostgresUnavailableException("the embedded server needs unix sockets (Linux, macOS); on Windows give --postgres <url>");
        }
        var folder = Path.Combine(parent, "pipeline-guard-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (asServiceUser)
        {
            try
            {
                RunProgram("chown", [$"{ServiceUser}:", folder], asServiceUser: false);
            }
            catch
            {
                Directory.Delete(folder, recursive: true);
                throw;
            }
        }
        return folder;
    }

    private static int FreePort()
    {
        // No TCP listener is opened; a port free on 127.0.0.1 keeps the socket name and the shared memory key apart
        // from a server someone else runs with the same defaults.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Run(string program, params string[] args) => RunProgram(program, args, _asServiceUser);

    /// <summary>PGDATA and PGOPTIONS from the caller's environment would point the tools at another cluster or change its settings.</summary>
    private static readonly Dictionary<string, string?> s_serverEnvironment = new(StringComparer.Ordinal) { ["PGDATA"] = null, ["PGOPTIONS"] = null };

    private static void RunProgram(string program, IReadOnlyList<string> args, bool asServiceUser)
    {
        var (file, arguments) = asServiceUser ? ("runuser", (IReadOnlyList<string>)["-u", ServiceUser, "--", program, .. args]) : (program, args);
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run(file, arguments, workingDirectory: null, s_stepTimeout, s_serverEnvironment);
        }
        catch (ProcessFailedException ex)
        {
            throw new PostgresUnavailableException($"{Path.GetFileName(program)} {string.Join(' ', args)}: {ex.Message}", ex);
        }
        if (!result.Succeeded)
        {
            var output = (result.Error + "\n" + result.OutputText).Trim();
            throw new PostgresUnavailableException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} failed (exit {result.ExitCode}): {Tail(output)}");
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];

    private static bool ServiceUserExists() =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(ServiceUser + ":", StringComparison.Ordinal));

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already exited.
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void WaitForExit(int pid)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until && IsRunning(pid)) Thread.Sleep(20);
        if (IsRunning(pid)) Kill(pid);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
