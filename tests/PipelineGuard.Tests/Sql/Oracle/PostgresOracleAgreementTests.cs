using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.Sql.Oracle;

/// <summary>
/// PostgreSQL's own parser is the oracle: on every file of the real-world set (tests/corpus/postgres-realworld, SOURCES.md)
/// our splitter must find the statements PostgreSQL finds, starting where they start, and our classifier must name each
/// statement's kind as PostgreSQL's parse node does.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class PostgresOracleAgreementTests(ITestOutputHelper output)
{
    private static readonly string s_corpus = RepoPaths.InRepo("tests", "corpus", "postgres-realworld");

    /// <summary>Files PostgreSQL itself rejects (real syntax errors in the projects); they fail when migrated, so they are not compared.</summary>
    private static readonly HashSet<string> s_rejectedByPostgres = new(StringComparer.Ordinal)
    {
        "ente/3_add_encypted_collection_name.down.sql",
        "ente/44_trash_add_index.down.sql",
        "hatchet/20250519145912_v1_0_21.sql",
    };

    [PgOracleFact]
    public void Statement_boundaries_and_kinds_agree_with_PostgreSQLs_parser_on_every_real_world_file()
    {
        var oracle = PgOracle.Parse(s_corpus);
        oracle.Count.ShouldBeGreaterThanOrEqualTo(1500);
        oracle.Select(f => f.File.Split('/')[0]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5);
        oracle.Where(f => f.Error is not null).Select(f => f.File).Order(StringComparer.Ordinal).ShouldBe(s_rejectedByPostgres.Order(StringComparer.Ordinal));

        var boundaryMismatches = new List<string>();
        var kindMismatches = new List<string>();
        var statements = 0;
        foreach (var file in oracle.Where(f => f.Error is null))
        {
            var text = File.ReadAllText(Path.Combine(s_corpus, file.File)).TrimStart('\uFEFF');
            var ours = MigrationAnalyser.Outline(text, SqlDialect.Postgres);
            statements += file.Statements.Count;
            var theirs = file.Statements.Select(s => s.Start).ToList();
            var mine = ours.Select(s => s.Start).ToList();
            if (!theirs.SequenceEqual(mine))
            {
                var first = theirs.Zip(mine).Select((p, i) => (p, i)).FirstOrDefault(x => x.p.First != x.p.Second);
                var at = first.p == default ? Math.Min(theirs.Count, mine.Count) : first.i;
                boundaryMismatches.Add($"{file.File}: PostgreSQL {theirs.Count} statements, ours {mine.Count}; first difference at statement {at + 1} " +
                                       $"(PostgreSQL offset {(at < theirs.Count ? theirs[at] : -1)}, ours {(at < mine.Count ? mine[at] : -1)})");
                continue;
            }
            for (var i = 0; i < ours.Count; i++)
            {
                if (ours[i].Kind != file.Statements[i].Kind)
                {
                    kindMismatches.Add($"{file.File}@{ours[i].Start}: PostgreSQL {file.Statements[i].Kind}, ours {ours[i].Kind ?? "unclassified"}: {Excerpt(text, ours[i].Start)}");
                }
            }
        }
        output.WriteLine($"{oracle.Count} files, {statements} statements; boundary mismatches: {boundaryMismatches.Count} files; kind mismatches: {kindMismatches.Count} statements");
        foreach (var m in boundaryMismatches.Take(40)) output.WriteLine("BOUNDARY " + m);
        foreach (var m in kindMismatches.Take(80)) output.WriteLine("KIND " + m);
        boundaryMismatches.ShouldBeEmpty();
        kindMismatches.ShouldBeEmpty();
    }

    private static string Excerpt(string text, int start) =>
        text.Substring(start, Math.Min(80, text.Length - start)).ReplaceLineEndings(" ");
}
