using BenchmarkDotNet.Attributes;
using PipelineGuard.Benchmarks.Generators;
using PipelineGuard.Sql;

namespace PipelineGuard.Benchmarks;

/// <summary>Hot path 1: lexing and splitting one large file (50,000 statements).</summary>
[MemoryDiagnoser]
public class SqlLexerBenchmark
{
    private string _text = "";
    private readonly SqlLexerOptions _options = SqlLexerOptions.For(SqlDialect.Postgres);

    [GlobalSetup]
    public void Setup() => _text = new MigrationSetGenerator(42).FileWithStatements(50_000);

    [Benchmark]
    public int Lex() => SqlLexer.Tokenize(_text, _options).Code.Count;

    [Benchmark]
    public int LexAndSplit() => SqlStatementSplitter.Split(SqlLexer.Tokenize(_text, _options), SqlDialect.Postgres).Count;
}
