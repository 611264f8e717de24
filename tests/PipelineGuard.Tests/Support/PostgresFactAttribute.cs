using PipelineGuard.Trace;

namespace PipelineGuard.Tests.Support;

/// <summary>
/// A test that needs a real PostgreSQL server. Skipped, with the reason, when no server programs are on the
/// machine; unless <c>PIPELINE_GUARD_REQUIRE_POSTGRES=1</c> (CI sets it), where a missing server fails the test.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string RequireVariable = "PIPELINE_GUARD_REQUIRE_POSTGRES";

    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1") return;
        if (!PostgresBinaries.TryFind(PostgresServer.ProcessEnvironment(), out _, out var whyNot))
        {
            Skip = $"no PostgreSQL server here ({whyNot}); set {RequireVariable}=1 to make this a failure";
        }
    }
}

/// <summary>One embedded server shared by every test in the <see cref="PostgresServerGroup"/>, started on first use.</summary>
public sealed class PostgresServer : IDisposable
{
    private readonly Lazy<EmbeddedPostgres> _server = new(() => EmbeddedPostgres.Start(ProcessEnvironment()));

    public EmbeddedPostgres Server => _server.Value;

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = e.Value as string;
        return env;
    }

    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
    }
}

/// <summary>The tests that share one embedded PostgreSQL (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
