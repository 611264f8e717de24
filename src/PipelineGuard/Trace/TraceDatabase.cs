using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace PipelineGuard.Trace;

/// <summary>
/// The database a trace runs in: always one it creates (with a login role of its own, not a superuser) and drops
/// afterwards; never a database that existed. Either in an embedded throwaway server or in the server of
/// <c>--postgres &lt;url&gt;</c>, whose own database is only used to run CREATE DATABASE.
/// </summary>
public sealed class TraceDatabase : IDisposable
{
    private readonly EmbeddedPostgres? _embedded;
    private readonly NpgsqlDataSource _server;
    private readonly string _database;
    private readonly string? _role;
    private bool _disposed;

    private TraceDatabase(EmbeddedPostgres? embedded, NpgsqlDataSource server, NpgsqlDataSource admin, NpgsqlDataSource migrator,
        string database, string? role, string where, int major)
    {
        _embedded = embedded;
        _server = server;
        Admin = admin;
        Migrator = migrator;
        _database = database;
        _role = role;
        Server = where;
        Major = major;
    }

    /// <summary>The connecting (administrative) user, in the trace database: reads pg_locks of the migration session.</summary>
    public NpgsqlDataSource Admin { get; }

    /// <summary>The role migrations run as: owns the trace database, no superuser, no CREATEROLE, no CREATEDB.</summary>
    public NpgsqlDataSource Migrator { get; }

    /// <summary>Where the trace runs, for reports: never contains credentials.</summary>
    public string Server { get; }

    public int Major { get; }

    /// <summary>The name of the database created for this trace.</summary>
    public string Database => _database;

    /// <summary>The restricted role's name; null when the server would not let the given user create one (the user's own role is used).</summary>
    public string? Role => _role;

    /// <summary>Starts an embedded server and creates the trace database in it.</summary>
    public static TraceDatabase Embedded(IReadOnlyDictionary<string, string?> environment)
    {
        var embedded = EmbeddedPostgres.Start(environment);
        try
        {
            return Create(embedded, new NpgsqlSlimDataSourceBuilder(embedded.ConnectionString()), "embedded");
        }
        catch
        {
            embedded.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the server of <paramref name="url"/> (postgres://user:pass@host:port/db or key=value) and creates the trace database there.</summary>
    public static TraceDatabase OnServer(string url) => Create(null, new NpgsqlSlimDataSourceBuilder(PostgresUrl.ToConnectionString(url)), null);

    private static TraceDatabase Create(EmbeddedPostgres? embedded, NpgsqlSlimDataSourceBuilder builder, string? label)
    {
        builder.ConnectionStringBuilder.Pooling = false;
        var server = builder.Build();
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var database = "pipeline_guard_trace_" + suffix;
        var role = "pipeline_guard_migrator_" + suffix;
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        string version;
        int major;
        var roleCreated = false;
        var databaseCreated = false;
        try
        {
            using (var connection = OpenServer(server, builder.ConnectionStringBuilder))
            {
                using (var v = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('server_version_num')::int", connection))
                using (var r = v.ExecuteReader())
                {
                    r.Read();
                    version = r.GetString(0);
                    major = r.GetInt32(1) / 10000;
                }
                try
                {
                    // No memberships besides the implicit pg_database_owner of its own database: nothing stronger to SET ROLE to.
                    Execute(connection, $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'");
                    roleCreated = true;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // The given user may not create roles: the migrations run as that user, and the report says so.
                }
                var owner = roleCreated ? $" OWNER {role}" : "";
                Execute(connection, $"CREATE DATABASE {database}{owner} TEMPLATE template0 ENCODING 'UTF8'");
                databaseCreated = true;
                if (roleCreated) Execute(connection, $"REVOKE CONNECT ON DATABASE {database} FROM PUBLIC");
            }
            var admin = DataSourceFor(builder.ConnectionStringBuilder, database, null, null);
            // Pooled: each migration file gets a session reset by DISCARD ALL instead of a new backend process.
            var migrator = DataSourceFor(builder.ConnectionStringBuilder, database, roleCreated ? role : null, roleCreated ? password : null, pooled: true);
            var where = label is null ? $"PostgreSQL {version} at {Describe(builder.ConnectionStringBuilder)}" : $"embedded PostgreSQL {version}";
            return new TraceDatabase(embedded, server, admin, migrator, database, roleCreated ? role : null, where, major);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            Cleanup(server, databaseCreated ? database : null, roleCreated ? role : null);
            server.Dispose();
            throw new PostgresUnavailableException($"the trace database could not be created on {Describe(builder.ConnectionStringBuilder)}: {ex.Message}", ex);
        }
    }

    private static NpgsqlConnection OpenServer(NpgsqlDataSource server, NpgsqlConnectionStringBuilder settings)
    {
        try
        {
            return server.OpenConnection();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new PostgresUnavailableException($"PostgreSQL at {Describe(settings)} could not be reached: {ex.Message}", ex);
        }
    }

    private static NpgsqlDataSource DataSourceFor(NpgsqlConnectionStringBuilder template, string database, string? user, string? password, bool pooled = false)
    {
        var b = new NpgsqlSlimDataSourceBuilder(template.ConnectionString);
        b.ConnectionStringBuilder.Database = database;
        b.ConnectionStringBuilder.Pooling = pooled;
        if (pooled) b.ConnectionStringBuilder.MaxPoolSize = 2;
        if (user is not null)
        {
            b.ConnectionStringBuilder.Username = user;
            b.ConnectionStringBuilder.Password = password;
        }
        return b.Build();
    }

    /// <summary>host:port (or the socket folder), without user or password.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder b) =>
        string.Create(CultureInfo.InvariantCulture, $"{b.Host}:{b.Port}");

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void Cleanup(NpgsqlDataSource server, string? database, string? role)
    {
        if (database is null && role is null) return;
        try
        {
            using var connection = server.OpenConnection();
            if (database is not null) Execute(connection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            if (role is not null) Execute(connection, $"DROP ROLE IF EXISTS {role}");
        }
        catch (NpgsqlException)
        {
            // Best effort: the names are random and say what they are; the trace's error is the one to report.
        }
    }

    /// <summary>Drops the trace database and role (or stops the embedded server, which deletes everything).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Migrator.Dispose();
        Admin.Dispose();
        if (_embedded is not null)
        {
            _server.Dispose();
            _embedded.Dispose();
            return;
        }
        NpgsqlConnection.ClearAllPools();
        Cleanup(_server, _database, _role);
        _server.Dispose();
    }
}

/// <summary>Reads <c>--postgres</c>: a postgres:// URL or an Npgsql key=value connection string.</summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        if (!url.StartsWith("postgres://", StringComparison.Ordinal) && !url.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(url).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new PostgresUnavailableException($"--postgres is neither a postgres:// URL nor a connection string: {ex.Message}");
            }
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new PostgresUnavailableException("--postgres: not a valid postgres://user:password@host:port/database URL");
        }
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var path = uri.AbsolutePath.Trim('/');
        b.Database = path.Length > 0 ? Uri.UnescapeDataString(path) : "postgres";
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "sslmode":
                    b.SslMode = value switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new PostgresUnavailableException($"--postgres: unknown sslmode '{value}'"),
                    };
                    break;
                case "connect_timeout":
                    b.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new PostgresUnavailableException($"--postgres: unknown URL parameter '{key}' (known: sslmode, connect_timeout)");
            }
        }
        return b.ConnectionString;
    }
}
