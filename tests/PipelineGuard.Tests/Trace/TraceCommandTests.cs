using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using PipelineGuard.Tests.Support;
using PipelineGuard.Trace;

namespace PipelineGuard.Tests.Trace;

/// <summary>
/// <c>trace</c> and <c>check</c> with a trace rule, run through the CLI on a real PostgreSQL: the shared embedded
/// server given as <c>--postgres</c>, or an embedded server the command starts itself.
/// </summary>
[Collection(PostgresServerGroup.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class TraceCommandTests(PostgresServer shared) : IDisposable
{
    private const string Base = """
        CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
        INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 300) g;
        """;

    private const string Change = """
        SET lock_timeout = '2s';
        CREATE INDEX users_email_idx ON users (email);
        CREATE INDEX CONCURRENTLY users_email_lower_idx ON users (lower(email));

        ALTER TABLE users
          ADD COLUMN broken intt;
        """;

    private const string TracePolicy = """
        version: 1
        mode: enforce
        rules:
          - id: traced-locks
            description: New migrations take no SHARE or stronger lock on existing tables.
            severity: high
            enforcement: block
            trace:
              forbid_locks: [share, access-exclusive]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pg-trace-cli-").FullName;

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_dir, recursive: true);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_dir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private string Server => shared.Server.ConnectionString();

    private CliRunner.Result Run(IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        CliRunner.InDirectory(_dir, env ?? new Dictionary<string, string?>(), args);

    [PostgresFact]
    public void Trace_prints_each_statement_with_its_locks_and_the_failing_one_at_its_file_line_and_column()
    {
        Write("db/V1__base.sql", Base);
        Write("db/V2__change.sql", Change);

        var result = Run(null, "trace", "--migrations", "db", "--postgres", Server, "--json", "trace.json");

        result.ExitCode.ShouldBe(1, result.Error + result.Out);
        result.Out.ShouldContain("trace: traced 5 of 6 new statements (83%)");
        result.Out.ShouldContain("confirmed db/V2__change.sql:2:1 CREATE INDEX users_email_idx ON users (email);");
        result.Out.ShouldContain("locks: SHARE on table public.users");
        result.Out.ShouldContain("ran outside a transaction");
        result.Out.ShouldContain("FAILED db/V2__change.sql:5:1 ALTER TABLE users ADD COLUMN broken intt;");
        result.Out.ShouldContain("error: 42704: type \"intt\" does not exist (at db/V2__change.sql:6:21)");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "trace.json")));
        var root = json.RootElement;
        root.GetProperty("statements").GetInt32().ShouldBe(6);
        root.GetProperty("traced").GetInt32().ShouldBe(5);
        root.GetProperty("failed").GetInt32().ShouldBe(1);
        root.GetProperty("tracedShare").GetDouble().ShouldBe(0.8333);
        root.GetProperty("server").GetString()!.ShouldStartWith("PostgreSQL ");
        var index = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("file").GetString() == "db/V2__change.sql" && r.GetProperty("line").GetInt32() == 2);
        index.GetProperty("locks")[0].GetProperty("mode").GetString().ShouldBe("share");
        index.GetProperty("lockTimeout").GetString().ShouldBe("2s");
        index.GetProperty("static").GetProperty("agreement").GetString().ShouldBe("confirmed");
    }

    [PostgresFact]
    public void Trace_applies_the_migrations_unchanged_since_the_ref_first_and_traces_only_the_new_ones()
    {
        Write("db/V1__base.sql", Base);
        Git("init", "-q", "-b", "main");
        Git("add", ".");
        Git("commit", "-q", "-m", "base");
        Git("checkout", "-q", "-b", "feature");
        Write("db/V2__index.sql", "CREATE INDEX users_email_idx ON users (email);\n");

        var result = Run(null, "trace", "--migrations", "db", "--changed-since", "main", "--postgres", Server);

        result.ExitCode.ShouldBe(0, result.Error + result.Out);
        result.Out.ShouldContain("traced 1 of 1 new statement (100%)");
        result.Out.ShouldContain("after applying 1 migration");
        result.Out.ShouldNotContain("db/V1__base.sql");
        // users was created by the applied migration, so it existed before the new one: its lock is reported.
        result.Out.ShouldContain("locks: SHARE on table public.users");
    }

    [PostgresFact]
    public void Check_with_a_trace_rule_traces_and_every_report_points_at_the_statements_line()
    {
        Write("db/V1__base.sql", Base);
        Write("db/V2__change.sql", Change);
        Write("policy.yml", TracePolicy);
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_WORKSPACE"] = _dir };

        var result = Run(env, "check", "--policy", "policy.yml", "--migrations", "db", "--postgres", Server,
            "--json", "report.json", "--sarif", "report.sarif", "--junit", "report.xml", "--now", "2026-11-21T10:00:00Z");

        result.ExitCode.ShouldBe(1, result.Error + result.Out);
        // Console and GitHub annotations.
        result.Out.ShouldContain("BLOCK traced-locks");
        result.Out.ShouldContain("takes SHARE on public.users");
        result.Out.ShouldContain("note trace: traced 5 of 6 new statements (83%)");
        result.Out.ShouldContain("::error file=db/V2__change.sql,line=2,");
        result.Out.ShouldContain("::error file=db/V2__change.sql,line=6,");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json")));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldContain(f => f.GetProperty("target").GetProperty("line").GetInt32() == 2 && f.GetProperty("message").GetString()!.Contains("takes SHARE on public.users"));
        findings.ShouldContain(f => f.GetProperty("target").GetProperty("line").GetInt32() == 6 && f.GetProperty("message").GetString()!.Contains("42704"));
        var trace = json.RootElement.GetProperty("trace");
        trace.GetProperty("tracedShare").GetDouble().ShouldBe(0.8333);
        trace.GetProperty("agreement").GetProperty("confirmed").GetInt32().ShouldBeGreaterThan(0);
        trace.GetProperty("results").GetArrayLength().ShouldBe(6);

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.sarif")));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var lines = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation"))
            .Select(p => (p.GetProperty("artifactLocation").GetProperty("uri").GetString(), p.GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToList();
        lines.ShouldContain(("db/V2__change.sql", 2));
        lines.ShouldContain(("db/V2__change.sql", 6));
        run.GetProperty("invocations")[0].GetProperty("properties").GetProperty("trace").GetProperty("traced").GetInt32().ShouldBe(5);

        var junit = XDocument.Load(Path.Combine(_dir, "report.xml"));
        var failures = junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") is { } n && n.Contains("traced-locks")).Elements("failure").Select(f => f.Value).ToList();
        failures.ShouldContain(f => f.Contains("db/V2__change.sql:2"));
        failures.ShouldContain(f => f.Contains("db/V2__change.sql:6"));
        junit.Descendants("property").ShouldContain(p => (string?)p.Attribute("name") == "trace.tracedShare" && (string?)p.Attribute("value") == "0.8333");
    }

    [PostgresFact]
    public void Check_without_a_trace_rule_does_not_trace()
    {
        Write("db/V1__base.sql", Base);
        Write("policy.yml", "version: 1\nrules:\n  - id: no-truncate\n    severity: high\n    enforcement: block\n    sql:\n      forbid: [truncate]\n");

        // An unreachable server: a trace would fail the step, so passing shows none was attempted.
        var result = Run(null, "check", "--policy", "policy.yml", "--migrations", "db", "--postgres", "Host=127.0.0.1;Port=1;Timeout=2");

        result.ExitCode.ShouldBe(0, result.Error + result.Out);
        result.Out.ShouldNotContain("trace:");
    }

    [PostgresFact]
    public void The_embedded_default_starts_a_server_of_its_own_and_leaves_no_folder_or_process_behind()
    {
        Write("db/V1__base.sql", Base);
        Write("db/V2__index.sql", "CREATE INDEX users_email_idx ON users (email);\n");
        // The server's folder goes under TMPDIR: one only this test uses (the postgres OS user must reach it when run as root).
        var temp = Path.Combine(_dir, "tmp");
        Directory.CreateDirectory(temp);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(temp, (UnixFileMode)0b111_111_111);
        }
        var env = new Dictionary<string, string?>(PostgresServer.ProcessEnvironment()) { ["TMPDIR"] = temp };

        var result = Run(env, "trace", "--migrations", "db");

        result.ExitCode.ShouldBe(0, result.Error + result.Out);
        result.Out.ShouldContain("on embedded PostgreSQL ");
        result.Out.ShouldContain("confirmed db/V2__index.sql:1:1");
        Directory.EnumerateFileSystemEntries(temp).ShouldBeEmpty();
        ProcessesMentioning(temp).ShouldBeEmpty();
    }

    [Fact]
    public void Without_server_programs_or_a_url_the_trace_is_not_evaluated_and_says_what_is_missing()
    {
        Write("db/V1__base.sql", Base);
        var env = new Dictionary<string, string?> { [PostgresBinaries.BinDirectoryVariable] = "/nonexistent/pg/bin", ["PATH"] = "/nonexistent" };

        var result = Run(env, "trace", "--migrations", "db");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("/nonexistent/pg/bin has no initdb, pg_ctl, postgres");
        result.Error.ShouldContain("nothing was evaluated");
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_not_evaluated_and_the_password_is_never_printed()
    {
        Write("db/V1__base.sql", Base);

        var result = Run(null, "trace", "--migrations", "db", "--postgres", "postgres://ci:s3cret-pw@127.0.0.1:1/app?connect_timeout=2");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("PostgreSQL at 127.0.0.1:1 could not be reached");
        (result.Error + result.Out).ShouldNotContain("s3cret-pw");
    }

    [Fact]
    public void A_postgres_url_becomes_a_connection_string_and_unknown_parameters_are_refused_by_name()
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://ci%40corp:p%3Ass@db.internal:5433/app?sslmode=require"));

        (cs.Host, cs.Port, cs.Username, cs.Password, cs.Database, cs.SslMode).ShouldBe(("db.internal", 5433, "ci@corp", "p:ss", "app", Npgsql.SslMode.Require));
        new Npgsql.NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://localhost")).Database.ShouldBe("postgres");
        Should.Throw<PostgresUnavailableException>(() => PostgresUrl.ToConnectionString("postgres://h/db?pool=5")).Message.ShouldContain("unknown URL parameter 'pool'");
    }

    /// <summary>Command lines of running processes that name <paramref name="text"/> (from /proc).</summary>
    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal)) found.Add(cmdline);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, p.StandardError.ReadToEnd());
    }
}
