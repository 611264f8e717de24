using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.Sql;

/// <summary>
/// Squawk's own test cases with its verdicts (expected.tsv): every Squawk rule about data loss, breaking
/// changes, locks, rewrites and transactions is mapped to our statement classes (or timeout requirements),
/// each case is analysed with its pg_version and assume_in_transaction, and the verdicts are compared.
/// </summary>
public sealed partial class SquawkAgreementTests(ITestOutputHelper output)
{
    private const string LockTimeout = "require-lock-timeout";
    private const string StatementTimeout = "require-statement-timeout";

    /// <summary>Squawk rule to the classes that mean the same thing here. Rules about style and hygiene are not mapped.</summary>
    internal static readonly IReadOnlyDictionary<string, StatementClass[]> ClassMapping = new Dictionary<string, StatementClass[]>
    {
        ["adding-field-with-default"] = [StatementClass.AddColumnVolatileDefault, StatementClass.TableRewrite],
        ["adding-foreign-key-constraint"] = [StatementClass.AddForeignKeyValidating],
        ["adding-not-nullable-field"] = [StatementClass.SetNotNull],
        ["adding-required-field"] = [StatementClass.AddNotNullColumn],
        ["adding-serial-primary-key-field"] = [StatementClass.AddUniqueConstraintBlocking],
        ["ban-concurrent-index-creation-in-transaction"] = [StatementClass.ConcurrentInTransaction],
        ["ban-alter-domain-with-add-constraint"] = [StatementClass.AddConstraintValidating],
        ["ban-drop-column"] = [StatementClass.DropColumn],
        ["ban-drop-database"] = [StatementClass.DropDatabase],
        ["ban-drop-not-null"] = [StatementClass.DropNotNull],
        ["ban-drop-table"] = [StatementClass.DropTable],
        ["ban-truncate-cascade"] = [StatementClass.TruncateCascade],
        ["ban-uncommitted-transaction"] = [StatementClass.UncommittedTransaction],
        ["changing-column-type"] = [StatementClass.AlterColumnType],
        ["constraint-missing-not-valid"] = [StatementClass.AddConstraintValidating, StatementClass.AddForeignKeyValidating],
        ["disallowed-unique-constraint"] = [StatementClass.AddUniqueConstraintBlocking],
        ["prefer-repack"] = [StatementClass.TableRewrite],
        ["renaming-column"] = [StatementClass.RenameColumn],
        ["renaming-table"] = [StatementClass.RenameTable],
        ["require-concurrent-index-creation"] = [StatementClass.CreateIndexBlocking],
        ["require-concurrent-index-deletion"] = [StatementClass.DropIndexBlocking],
        ["require-concurrent-partition-detach"] = [StatementClass.DetachPartitionBlocking],
        ["require-concurrent-reindex"] = [StatementClass.ReindexBlocking],
        ["transaction-nesting"] = [StatementClass.TransactionNesting],
    };

    private static readonly string[] s_requirementRules = [LockTimeout, StatementTimeout, "require-timeout-settings"];

    /// <summary>Every case where we and Squawk differ, with why. A new disagreement fails the test until it is explained here.</summary>
    internal static readonly IReadOnlyDictionary<string, string> KnownDisagreements = new Dictionary<string, string>
    {
        ["adding-field-with-default__docs_example_error_on_pg_11.sql"] =
            "Ours is right: PostgreSQL 11 added fast column defaults (a constant default is stored in the catalog, no rewrite); Squawk only exempts versions above 11.",
        ["prefer-repack__cluster_below_pg19_ok.sql"] =
            "Deliberate: CLUSTER rewrites the table under ACCESS EXCLUSIVE on every version; Squawk only flags it where REPACK (PostgreSQL 19) is available, we point to pg_repack before that.",
        ["prefer-repack__vacuum_full_below_pg19_ok.sql"] =
            "Deliberate: VACUUM FULL rewrites the table under ACCESS EXCLUSIVE on every version; Squawk only flags it where REPACK (PostgreSQL 19) is available, we point to pg_repack before that.",
    };

    internal sealed record CaseVerdict(string File, string Rule, string Expected, string Ours, bool Agrees, string Sql);

    internal static List<CaseVerdict> Evaluate()
    {
        var root = RepoPaths.InCorpus("migrations", "squawk");
        var verdicts = new List<CaseVerdict>();
        foreach (var line in File.ReadLines(Path.Combine(root, "expected.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            var (file, expected, notes) = (cols[0], cols[1], cols[2]);
            var rule = file[..file.IndexOf("__", StringComparison.Ordinal)];
            var mapped = ClassMapping.ContainsKey(rule) || s_requirementRules.Contains(rule);
            if (!mapped) continue;
            var version = PgVersion().Match(notes) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 15;
            var assume = notes.Contains("assume_in_transaction=true", StringComparison.Ordinal);
            var sql = File.ReadAllText(Path.Combine(root, file));
            var analysis = MigrationAnalyser.Analyse(sql, new SqlAnalysisSettings(SqlDialect.Postgres, version, assume));

            string ours;
            bool agrees;
            if (ClassMapping.TryGetValue(rule, out var classes))
            {
                var found = analysis.Statements.SelectMany(s => s.Findings).Select(f => f.Class).Where(classes.Contains).Distinct()
                    .Select(StatementClasses.NameOf).ToList();
                ours = found.Count == 0 ? "none" : string.Join(",", found);
                agrees = (expected != "none") == (found.Count > 0);
            }
            else
            {
                var found = new List<string>();
                if (rule != StatementTimeout && analysis.MissingLockTimeout is not null) found.Add(LockTimeout);
                if (rule != LockTimeout && analysis.MissingStatementTimeout is not null) found.Add(StatementTimeout);
                ours = found.Count == 0 ? "none" : string.Join(",", found);
                agrees = expected switch
                {
                    "none" => found.Count == 0,
                    "require-timeout-settings" => found.Count > 0,
                    _ => expected.Split(',').Order(StringComparer.Ordinal).SequenceEqual(found.Order(StringComparer.Ordinal)),
                };
            }
            verdicts.Add(new CaseVerdict(file, rule, expected, ours, agrees, sql));
        }
        return verdicts;
    }

    [Fact]
    public void We_agree_with_Squawk_on_at_least_95_percent_of_the_mapped_cases_and_every_disagreement_is_explained()
    {
        var verdicts = Evaluate();
        var disagreements = verdicts.Where(v => !v.Agrees).ToList();
        var agreement = (double)(verdicts.Count - disagreements.Count) / verdicts.Count;
        output.WriteLine($"mapped cases: {verdicts.Count}, agree: {verdicts.Count - disagreements.Count} ({agreement:P1})");
        foreach (var d in disagreements)
        {
            output.WriteLine($"DISAGREE {d.File}: squawk={d.Expected} ours={d.Ours}\n{d.Sql}");
        }
        WriteReport(verdicts, disagreements, agreement);

        verdicts.Count.ShouldBeGreaterThan(150);
        agreement.ShouldBeGreaterThanOrEqualTo(0.95);
        disagreements.Select(d => d.File).Where(f => !KnownDisagreements.ContainsKey(f)).ShouldBeEmpty("unexplained disagreements");
        KnownDisagreements.Keys.Where(k => !disagreements.Any(d => d.File == k)).ShouldBeEmpty("explained disagreements that no longer disagree");
    }

    [Fact]
    public void We_agree_with_Squawk_on_at_least_98_percent_of_the_mapped_cases()
    {
        var verdicts = Evaluate();
        ((double)verdicts.Count(v => v.Agrees) / verdicts.Count).ShouldBeGreaterThanOrEqualTo(0.98);
    }

    private static void WriteReport(List<CaseVerdict> verdicts, List<CaseVerdict> disagreements, double agreement)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Agreement with Squawk");
        sb.AppendLine();
        sb.AppendLine("Generated by `SquawkAgreementTests`; regenerate with `PIPELINE_GUARD_REGENERATE_DOCS=1 dotnet test tests/PipelineGuard.Tests --filter \"FullyQualifiedName~SquawkAgreementTests\"`.");
        sb.AppendLine("Each Squawk rule about data loss, breaking changes, locks, rewrites and transactions is mapped to our statement");
        sb.AppendLine("classes; every case of those rules in `tests/corpus/migrations/squawk` is analysed with its `pg_version` and");
        sb.AppendLine("`assume_in_transaction`, and our verdict (any mapped class found, or not) is compared with Squawk's.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"**{verdicts.Count - disagreements.Count} of {verdicts.Count} mapped cases agree ({agreement:P1}).**");
        sb.AppendLine();
        sb.AppendLine("## Mapping");
        sb.AppendLine();
        sb.AppendLine("| Squawk rule | cases | our classes |");
        sb.AppendLine("|---|---|---|");
        foreach (var group in verdicts.GroupBy(v => v.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ours = ClassMapping.TryGetValue(group.Key, out var classes)
                ? string.Join(", ", classes.Select(c => "`" + StatementClasses.NameOf(c) + "`"))
                : "`require: " + (group.Key == LockTimeout ? "[lock-timeout]" : group.Key == StatementTimeout ? "[statement-timeout]" : "[lock-timeout, statement-timeout]") + "`";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {ours} |");
        }
        sb.AppendLine();
        sb.AppendLine("Not mapped (style and hygiene, outside the contract's classes): ban-char-field, prefer-bigint-*, prefer-identity,");
        sb.AppendLine("prefer-text-field, prefer-timestamp-tz, prefer-robust-stmts, identifier-too-long, require-table-schema,");
        sb.AppendLine("require-enum-value-ordering, ban-duplicate-column-assignments, ban-create-domain-with-constraint (a new domain has");
        sb.AppendLine("no columns to check; Squawk bans it for dump/restore hygiene).");
        sb.AppendLine();
        sb.AppendLine("## Disagreements");
        sb.AppendLine();
        sb.AppendLine("| case | Squawk | ours | reason |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var d in disagreements)
        {
            var reason = KnownDisagreements.TryGetValue(d.File, out var r) ? r : "UNEXPLAINED";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `{d.File}` | {d.Expected} | {d.Ours} | {reason} |");
        }
        DocDrift.Check("docs/squawk-agreement.md", sb.ToString(), nameof(SquawkAgreementTests));
    }

    [GeneratedRegex(@"pg_version=(\d+)")]
    private static partial Regex PgVersion();
}
