using System.Diagnostics;
using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Sql.Oracle;

/// <summary>A statement as PostgreSQL's own parser (libpg-query, via tools/pg-oracle.js) sees it: where it starts and its parse node.</summary>
internal sealed record OracleStatement(int Start, string Kind);

/// <summary>One file's verdict from the oracle: its statements, or the parser's error.</summary>
internal sealed record OracleFile(string File, IReadOnlyList<OracleStatement> Statements, string? Error);

/// <summary>Runs tools/pg-oracle.js (node + the libpg-query package installed by <c>npm ci</c> in tools/).</summary>
internal static class PgOracle
{
    public static string Script => RepoPaths.InRepo("tools", "pg-oracle.js");

    /// <summary>Why the oracle cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(RepoPaths.InRepo("tools", "node_modules", "libpg-query", "package.json")))
        {
            return "libpg-query is not installed: run `npm ci` in tools/";
        }
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            p!.WaitForExit();
            return p.ExitCode == 0 ? null : "node does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not installed";
        }
    }

    public static List<OracleFile> Parse(string folder)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(folder);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var files = new List<OracleFile>();
        while (p.StandardOutput.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var file = root.GetProperty("file").GetString()!;
            if (root.TryGetProperty("error", out var error))
            {
                files.Add(new OracleFile(file, [], error.GetString()));
                continue;
            }
            var statements = root.GetProperty("statements").EnumerateArray()
                .Select(s => new OracleStatement(s.GetProperty("start").GetInt32(), s.GetProperty("kind").GetString()!)).ToList();
            files.Add(new OracleFile(file, statements, null));
        }
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pg-oracle.js failed ({p.ExitCode}): {stderr.Result}");
        return files;
    }
}

/// <summary>
/// A test that needs the libpg-query oracle. Locally it is skipped when node or the package is missing; in CI (CI set)
/// it always runs, so a missing oracle fails the build instead of passing it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PgOracleFactAttribute : FactAttribute
{
    public PgOracleFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && PgOracle.Unavailable() is { } why)
        {
            Skip = why + " (the test runs whenever CI is set)";
        }
    }
}
