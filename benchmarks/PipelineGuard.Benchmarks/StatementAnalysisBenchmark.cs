using BenchmarkDotNet.Attributes;
using PipelineGuard.Benchmarks.Generators;
using PipelineGuard.Sql;

namespace PipelineGuard.Benchmarks;

/// <summary>Hot path 2: lexing, splitting and classifying one large file (50,000 statements).</summary>
[MemoryDiagnoser]
public class StatementAnalysisBenchmark
{
    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = new MigrationSetGenerator(42).FileWithStatements(50_000);

    [Benchmark]
    public int Analyse() => MigrationAnalyser.Analyse(_text, new SqlAnalysisSettings(SqlDialect.Postgres)).StatementCount;
}
