using System.Text;

namespace PipelineGuard.Sql;

/// <summary>What <c>explain &lt;statement-class&gt;</c> prints: the class's documentation with its examples.</summary>
public static class StatementClassDocs
{
    public static IEnumerable<(string Topic, string Summary)> Topics() => StatementClasses.All.Select(c => (c.Name, c.Summary));

    public static string? Render(string topic)
    {
        if (!StatementClasses.TryGet(topic, out var c)) return null;
        var sb = new StringBuilder();
        sb.AppendLine($"{c.Name} (SQL statement class, {Category(c.Category)})");
        sb.AppendLine(c.Summary);
        sb.AppendLine();
        sb.AppendLine("Risk:");
        sb.AppendLine("  " + c.Risk);
        sb.AppendLine("Safe alternative:");
        sb.AppendLine("  " + c.SafeAlternative);
        sb.AppendLine($"Flagged ({SqlDialects.NameOf(c.ExampleDialect)}):");
        foreach (var line in c.BadExample.Split('\n')) sb.AppendLine("  " + line);
        sb.AppendLine("Not flagged:");
        foreach (var line in c.GoodExample.Split('\n')) sb.AppendLine("  " + line);
        foreach (var line in LockLines(c)) sb.AppendLine(line);
        sb.AppendLine("Allow one statement on purpose (on the line before it):");
        sb.AppendLine($"  -- pipeline-guard: allow {c.Name} -- <reason>");
        return sb.ToString();
    }

    /// <summary>What the examples do to the existing table on PostgreSQL, one line per server version range (checked on a real server by the tests).</summary>
    public static IEnumerable<string> LockLines(StatementClassInfo c)
    {
        if (c.PostgresLocks is not { Count: > 0 } claims) yield break;
        yield return "On PostgreSQL (lock held on the existing table, and whether it is rewritten):";
        var ordered = claims.OrderBy(x => x.FromVersion).ToList();
        for (var k = 0; k < ordered.Count; k++)
        {
            var claim = ordered[k];
            var versions = ordered.Count == 1 ? "" : k + 1 < ordered.Count
                ? $"before {Version(ordered[k + 1].FromVersion)}: "
                : $"from {Version(claim.FromVersion)}: ";
            yield return $"  {versions}{claim.Table}: flagged example {claim.Bad}; not flagged {claim.Good}" +
                (claim.NotRun is { } why ? $" (not run by the tests: {why})" : "");
        }
    }

    private static string Version(int serverVersionNum) => serverVersionNum >= 100000 ? $"PostgreSQL {serverVersionNum / 10000}" : $"PostgreSQL {serverVersionNum / 10000}.{serverVersionNum / 100 % 100}";

    public static string Category(StatementClassCategory category) => category switch
    {
        StatementClassCategory.DataLoss => "data loss",
        StatementClassCategory.Breaking => "breaking for running code",
        StatementClassCategory.LockOrRewrite => "locks and rewrites",
        StatementClassCategory.Transaction => "transactions",
        StatementClassCategory.Privilege => "privileges and exfiltration",
        _ => "what the guard cannot see into",
    };
}
