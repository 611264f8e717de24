using System.Text.RegularExpressions;

namespace PipelineGuard.Sql;

/// <summary>What a migration's file name (and, for dbmate and Liquibase, its first lines) says about it.</summary>
public sealed record MigrationName(string Format, MigrationDirection Direction, string? Version, string Variant, bool RunsOutsideTransaction);

/// <summary>
/// Recognises the naming conventions of Flyway (<c>V1__x.sql</c>, <c>U1__x.sql</c>, <c>R__x.sql</c>, <c>B1__x.sql</c>), goose (<c>-- +goose Up</c>),
/// golang-migrate (<c>1_x.up.sql</c> / <c>1_x.down.sql</c>), dbmate (<c>-- migrate:up</c> sections) and
/// Liquibase formatted SQL (<c>--liquibase formatted sql</c>); anything else is plain, versioned by a leading number.
/// </summary>
public static partial class MigrationNaming
{
    [GeneratedRegex(@"^(?<kind>[VURB])(?<version>\d+(?:[._]\d+)*)?__(?<desc>.+)\.sql$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Flyway();

    [GeneratedRegex(@"^(?<version>\d+(?:\.\d+)*)(?:[_-](?<desc>[^.]*))?(?<variant>(?:\.[^.]+)*?)\.(?<dir>up|down)\.[^.]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UpDown();

    [GeneratedRegex(@"^(?<version>\d+(?:[._]\d+)*)(?=[_.\-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingVersion();

    /// <summary>golang-migrate's own rule: <c>{version}_{title}.{up|down}.{any extension}</c>.</summary>
    [GeneratedRegex(@"^[0-9]+_.*\.(up|down)\.[^.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GolangMigrateFile();

    /// <summary>
    /// Files some migration tool runs: *.sql in any letter case (Flyway, dbmate, goose, Liquibase and plain folders; a
    /// file system that ignores case runs .SQL as well) and golang-migrate's N_name.up.ext / .down.ext whatever the extension.
    /// </summary>
    public static bool IsMigrationFile(string fileName) =>
        !fileName.StartsWith('.') &&
        (fileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) || GolangMigrateFile().IsMatch(fileName));

    public static MigrationName Describe(string path, string content)
    {
        var name = System.IO.Path.GetFileName(path);
        var folders = path.Replace('\\', '/').Split('/');
        var inRollbackFolder = folders.Length > 1 && folders[..^1].Any(f => f.Equals("down", StringComparison.OrdinalIgnoreCase) || f.Equals("undo", StringComparison.OrdinalIgnoreCase) || f.Equals("rollback", StringComparison.OrdinalIgnoreCase));
        var head = content.AsSpan(0, Math.Min(content.Length, 4096));
        var autocommit = name.Contains(".autocommit.", StringComparison.OrdinalIgnoreCase) || name.Contains(".no-transaction.", StringComparison.OrdinalIgnoreCase);

        if (Flyway().Match(name) is { Success: true } f)
        {
            var kind = char.ToUpperInvariant(f.Groups["kind"].Value[0]);
            var direction = kind switch { 'U' => MigrationDirection.Rollback, 'R' => MigrationDirection.Repeatable, _ => MigrationDirection.Forward };
            var version = f.Groups["version"].Success ? NormaliseVersion(f.Groups["version"].Value) : null;
            // A baseline (B2__) stands in for V1..V2 on new databases: it shares their versions on purpose.
            return new MigrationName("flyway", direction, direction == MigrationDirection.Repeatable ? null : version, kind == 'B' ? "baseline" : "", autocommit);
        }
        if (head.Contains("liquibase formatted sql", StringComparison.OrdinalIgnoreCase))
        {
            var noTransaction = content.Contains("runInTransaction:false", StringComparison.OrdinalIgnoreCase);
            return new MigrationName("liquibase", MigrationDirection.Forward, LeadingVersionOf(name), "", noTransaction);
        }
        if (head.Contains("+goose Up", StringComparison.OrdinalIgnoreCase))
        {
            var noTransaction = head.Contains("+goose NO TRANSACTION", StringComparison.OrdinalIgnoreCase);
            return new MigrationName("goose", MigrationDirection.Forward, LeadingVersionOf(name), "", noTransaction || autocommit);
        }
        if (head.Contains("migrate:up", StringComparison.Ordinal))
        {
            var noTransaction = DbmateNoTransaction().IsMatch(content);
            return new MigrationName("dbmate", MigrationDirection.Forward, LeadingVersionOf(name), "", noTransaction || autocommit);
        }
        if (UpDown().Match(name) is { Success: true } m)
        {
            var direction = m.Groups["dir"].Value.Equals("down", StringComparison.OrdinalIgnoreCase) ? MigrationDirection.Rollback : MigrationDirection.Forward;
            return new MigrationName("golang-migrate", direction, NormaliseVersion(m.Groups["version"].Value), m.Groups["variant"].Value.Trim('.').ToLowerInvariant(), autocommit);
        }
        return new MigrationName("plain", inRollbackFolder ? MigrationDirection.Rollback : MigrationDirection.Forward, LeadingVersionOf(name), "", autocommit);
    }

    [GeneratedRegex(@"--\s*migrate:up\s+transaction:false", RegexOptions.CultureInvariant)]
    private static partial Regex DbmateNoTransaction();

    private static string? LeadingVersionOf(string name) =>
        LeadingVersion().Match(name) is { Success: true } m ? NormaliseVersion(m.Groups["version"].Value) : null;

    /// <summary>Flyway spells 2.1 as 2_1 too; leading zeros do not make another version (0012 is 12).</summary>
    public static string NormaliseVersion(string version) =>
        string.Join('.', version.Split(['.', '_']).Select(part => part.TrimStart('0') is { Length: > 0 } p ? p : "0"));

    /// <summary>Orders versions part by part as numbers: 1.10 after 1.9.</summary>
    public static int Compare(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var x = i < pa.Length ? pa[i] : "0";
            var y = i < pb.Length ? pb[i] : "0";
            var byLength = x.Length.CompareTo(y.Length);
            if (byLength != 0) return byLength;
            var byText = string.CompareOrdinal(x, y);
            if (byText != 0) return byText;
        }
        return 0;
    }
}
