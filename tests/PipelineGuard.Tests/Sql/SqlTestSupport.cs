using NodaTime;
using PipelineGuard.Engine;
using PipelineGuard.Sql;

namespace PipelineGuard.Tests.Sql;

/// <summary>Small builders shared by the SQL tests.</summary>
internal static class SqlTestSupport
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 21, 10, 0);

    public static List<StatementClass> Classes(string sql, SqlDialect dialect = SqlDialect.Postgres, int pg = 15, bool assume = false) =>
        [.. MigrationAnalyser.Analyse(sql, new SqlAnalysisSettings(dialect, pg, assume)).Statements.SelectMany(s => s.Findings).Select(f => f.Class)];

    public static MigrationFile Migration(string path, string content, MigrationGitStatus status = MigrationGitStatus.NotCompared)
    {
        var name = MigrationNaming.Describe(path, content);
        return new MigrationFile(path, content, name.Format, name.Direction, name.Version, name.Variant, name.RunsOutsideTransaction, status, "0");
    }

    public static EvaluationFacts Facts(params MigrationFile[] files) =>
        new EvaluationFacts { Now = Now }.With(new MigrationSet(files, MigrationCollector.FindIssues(files)));

    public static PolicySet Policy(string rulesYaml) =>
        PolicyLoader.LoadTexts([("test.yml", "version: 1\nmode: enforce\nrules:\n" + rulesYaml, false)]);

    public static Evaluation Evaluate(string rulesYaml, EvaluationFacts facts) => Evaluate(Policy(rulesYaml), facts);

    /// <summary>Evaluates with the migration set prepared for the policy's SQL checks, as the collector prepares it in a run.</summary>
    public static Evaluation Evaluate(PolicySet policy, EvaluationFacts facts) =>
        PolicyEvaluator.Evaluate(policy, facts.With(Prepared(policy, facts.Migrations)));

    public static MigrationSet Prepared(PolicySet policy, MigrationSet set) => set.Prepare(SqlNeeds.Of(policy.Rules.Select(r => r.Check), keepTexts: true));
}
