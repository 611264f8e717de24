using System.Globalization;
using System.Text;
using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Sql;

/// <summary>docs/sql-rules.md is generated from the check kind's keys and the statement class table, so it cannot drift.</summary>
public sealed class SqlRulesDocTests
{
    [Fact]
    public void The_sql_rules_reference_matches_the_class_table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# The `sql` check kind");
        sb.AppendLine();
        sb.AppendLine("Generated from `SqlCheck.Info` and `StatementClasses.All` (edit those, not this file); regenerate with");
        sb.AppendLine("`PIPELINE_GUARD_REGENERATE_DOCS=1 dotnet test tests/PipelineGuard.Tests --filter \"FullyQualifiedName~SqlRulesDocTests\"`.");
        sb.AppendLine();
        sb.AppendLine(SqlCheck.Info.Summary);
        sb.AppendLine();
        sb.AppendLine("## Keys");
        sb.AppendLine();
        foreach (var (key, meaning) in SqlCheck.Info.Keys) sb.AppendLine(CultureInfo.InvariantCulture, $"- `{key}`: {meaning}");
        sb.AppendLine();
        sb.AppendLine("```yaml");
        sb.AppendLine(SqlCheck.Info.Example.TrimEnd());
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("## How files are read");
        sb.AppendLine();
        sb.AppendLine("- Lexing per dialect: `--` and block comments (nested in PostgreSQL and SQL Server), MySQL `#` comments and `/*! */`");
        sb.AppendLine("  versioned comments (code), strings with doubled quotes, backslash escapes in MySQL strings and PostgreSQL `E''`");
        sb.AppendLine("  strings, dollar quotes (`$$`, `$tag$`), quoted identifiers (`\"x\"`, `` `x` ``, `[x]`), T-SQL `GO` lines, the mysql");
        sb.AppendLine("  client's `DELIMITER`, Atlas's `-- atlas:delimiter`, and BEGIN ... END / BEGIN ATOMIC routine bodies kept whole.");
        sb.AppendLine("  Only top-level statements are classified: function bodies, strings and comments never are.");
        sb.AppendLine("- T-SQL batches without `;` are split at statement keywords that start a line (not inside routines or CASE).");
        sb.AppendLine("- Only the object word after CREATE opens a routine body: `CREATE TABLE event (begin int)` is one ordinary statement.");
        sb.AppendLine("  Statement boundaries and kinds are checked against PostgreSQL's own parser (libpg-query) on 2,025 real migrations.");
        sb.AppendLine("- Names resolve per dialect: PostgreSQL folds unquoted names and keeps quoted ones, unqualified names are in the");
        sb.AppendLine("  search_path schema (`public`, or what `SET search_path` says); MySQL and SQL Server names match only exactly;");
        sb.AppendLine("  `CREATE TABLE IF NOT EXISTS` never proves the table is new. `#temp` and `@table` names are exempt in T-SQL only.");
        sb.AppendLine("- SQL inside SQL is read: DO blocks, PREPARE/EXECUTE, CALL/EXEC of a routine created in the file, EXPLAIN ANALYZE,");
        sb.AppendLine("  T-SQL IF/WHILE/BEGIN bodies, EXEC('...') and sp_executesql N'...', MariaDB `/*M! */`. Text built at run time is");
        sb.AppendLine("  `dynamic-sql`; a statement of no known kind is `unclassified-statement`.");
        sb.AppendLine("- Files: `*.sql` in any letter case and golang-migrate's `N_name.up.<ext>` / `.down.<ext>`; a folder holding files");
        sb.AppendLine("  that no migration tool would run is an error (exit 2), not zero migrations.");
        sb.AppendLine("- Naming conventions: Flyway `V1__x.sql` / `U1__x.sql` (undo) / `R__x.sql` (repeatable) / `B1__x.sql` (baseline),");
        sb.AppendLine("  golang-migrate `1_x.up.sql` / `1_x.down.sql`, goose `-- +goose Up/Down`, dbmate `-- migrate:up/down`, Liquibase");
        sb.AppendLine("  formatted SQL. Down/undo scripts and down sections are rollbacks: judged only with `include_rollbacks: true`.");
        sb.AppendLine("- Files run outside a transaction by their tool (`.autocommit.` names, dbmate `transaction:false`, goose");
        sb.AppendLine("  `NO TRANSACTION`, Liquibase `runInTransaction:false`) are never assumed to be in one.");
        sb.AppendLine("- `--changed-since <ref>`: the merge-base of the ref with HEAD is the base; only files added or modified since");
        sb.AppendLine("  then (committed, staged, unstaged or untracked) are judged; `immutable_applied` reports modified and deleted ones.");
        sb.AppendLine("- Unreadable input is exit code 2 naming the file (and line): invalid UTF-8, a binary file, an unterminated string,");
        sb.AppendLine("  comment, quoted identifier or dollar quote. UTF-16 with a byte order mark is read.");
        sb.AppendLine();
        sb.AppendLine("## Inline allows");
        sb.AppendLine();
        sb.AppendLine("`-- pipeline-guard: allow <class>[, <class>] -- <reason>` on the line(s) directly before a statement, or trailing it on");
        sb.AppendLine("the line where it ends, waives that one statement's finding for those classes (never every statement on the next");
        sb.AppendLine("line); reports show it as `waived` with the reason. Without a reason (or with an");
        sb.AppendLine("unknown class) the comment suppresses nothing and is reported as a finding of its own.");
        sb.AppendLine();
        sb.AppendLine("## Statement classes");
        sb.AppendLine();
        foreach (var group in StatementClasses.All.GroupBy(c => c.Category))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {StatementClassDocs.Category(group.Key)}");
            sb.AppendLine();
            foreach (var c in group)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"#### `{c.Name}`");
                sb.AppendLine();
                sb.AppendLine(c.Summary);
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"- Risk: {c.Risk}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"- Safe alternative: {c.SafeAlternative}");
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"Flagged ({SqlDialects.NameOf(c.ExampleDialect)}):");
                sb.AppendLine();
                sb.AppendLine("```sql");
                sb.AppendLine(c.BadExample);
                sb.AppendLine("```");
                sb.AppendLine();
                sb.AppendLine("Not flagged:");
                sb.AppendLine();
                sb.AppendLine("```sql");
                sb.AppendLine(c.GoodExample);
                sb.AppendLine("```");
                sb.AppendLine();
                var locks = StatementClassDocs.LockLines(c).ToList();
                if (locks.Count > 0)
                {
                    sb.AppendLine(locks[0]);
                    sb.AppendLine();
                    foreach (var line in locks.Skip(1)) sb.AppendLine("- " + line.Trim());
                    sb.AppendLine();
                }
            }
        }
        sb.ToString().ShouldContain("#### `add-foreign-key-validating`");
        DocDrift.Check("docs/sql-rules.md", sb.ToString(), nameof(SqlRulesDocTests));
    }
}
