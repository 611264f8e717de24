using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Sql;

/// <summary>
/// Atlas's SQLite lint cases: DS102 (drop table) is our drop-table and MF103 (NOT NULL column without default on an
/// existing table) our add-not-null-column. Each folder's earlier files are analysed as context (they create the tables).
/// Atlas's own <c>-- atlas:nolint</c> directives are deliberately not honoured: an allow needs a reason here
/// (<c>-- pipeline-guard: allow &lt;class&gt; -- &lt;reason&gt;</c>), so those cases are compared with Atlas's unsuppressed diagnosis.
/// </summary>
public sealed class AtlasLintCaseTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(RepoPaths.InCorpus("migrations", "atlas", "expected.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            data.Add(cols[0], cols[1], cols[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_Atlas_SQLite_lint_case_gets_the_same_diagnosis(string file, string expected, string notes)
    {
        var path = RepoPaths.InCorpus("migrations", "atlas", file);
        var text = File.ReadAllText(path);
        var analysis = MigrationAnalyser.Analyse(text, new SqlAnalysisSettings(SqlDialect.Sqlite));
        var ours = analysis.Statements.SelectMany(s => s.Findings).Select(f => f.Class).Distinct().ToList();

        var suppressedByAtlas = text.Contains("atlas:nolint", StringComparison.Ordinal);
        var expectedClasses = new List<StatementClass>();
        if (expected.Contains("DS102", StringComparison.Ordinal) || (suppressedByAtlas && text.Contains("DROP TABLE", StringComparison.Ordinal)))
        {
            expectedClasses.Add(StatementClass.DropTable);
        }
        if (expected.Contains("MF103", StringComparison.Ordinal) || (suppressedByAtlas && text.Contains("NOT NULL;", StringComparison.Ordinal)))
        {
            expectedClasses.Add(StatementClass.AddNotNullColumn);
        }
        ours.ShouldBe(expectedClasses, ignoreOrder: true, customMessage: notes);
    }
}
