using System.Globalization;
using PipelineGuard.Policy;
using PipelineGuard.Sql;
using PipelineGuard.Trace;

namespace PipelineGuard.Cli.Commands;

/// <summary>The options of <c>trace</c> (and the trace part of <c>check</c>).</summary>
public sealed record TraceCommandOptions(
    IReadOnlyList<string> Migrations,
    string? ChangedSince,
    string? Postgres,
    bool AssumeInTransaction,
    int? StatementTimeoutSeconds,
    string? JsonReport);

/// <summary>
/// <c>trace</c>: run the migrations on a throwaway PostgreSQL (embedded, or a database created on --postgres) and print
/// the locks each new statement takes. Exit 0 when every statement ran, 1 when one failed, 2 when nothing could be traced.
/// </summary>
public static class TraceCommand
{
    public static int Run(TraceCommandOptions options, CommandIo io)
    {
        if (options.Migrations.Count == 0) throw new UsageException("trace needs --migrations <dir>");
        var (set, _) = MigrationCollector.Collect(options.Migrations, options.ChangedSince, io.WorkingDirectory);
        var trace = Run(set, options.Postgres, options.AssumeInTransaction, options.StatementTimeoutSeconds, io);
        TraceReport.WriteConsole(trace, io.Out);
        if (options.JsonReport is { } json)
        {
            using var stream = File.Create(io.Resolve(json));
            TraceReport.WriteJson(trace, stream);
        }
        var failed = trace.AppliedFailures.Count > 0 || trace.Statements.Any(s => s.Outcome != TraceOutcome.Traced);
        return failed ? ExitCodes.Blocked : ExitCodes.Allowed;
    }

    /// <summary>Traces <paramref name="set"/> in a database created for it; the database (or the embedded server) is gone when this returns.</summary>
    public static MigrationTrace Run(MigrationSet set, string? postgres, bool assumeInTransaction, int? timeoutSeconds, CommandIo io)
    {
        using var database = postgres is null ? TraceDatabase.Embedded(io.Environment) : TraceDatabase.OnServer(postgres);
        var options = new TraceOptions(assumeInTransaction, timeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null);
        return MigrationTracer.Run(set, database, options);
    }

    /// <summary>A policy with a <c>trace</c> rule makes <c>check</c> trace the migrations it was given.</summary>
    public static bool PolicyNeedsTrace(PolicySet policy) => policy.Rules.Any(r => r.Check is TraceCheck);

    internal static int? ParseTimeout(string? text)
    {
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 86_400
            ? s
            : throw new UsageException($"--statement-timeout must be a number of seconds between 1 and 86400, not '{text}'");
    }
}
