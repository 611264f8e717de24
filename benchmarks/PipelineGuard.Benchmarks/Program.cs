using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using PipelineGuard.Benchmarks.Generators;

namespace PipelineGuard.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the benchmarks;
/// <c>dotnet run -c Release -- generate &lt;folder&gt; [files] [megabytes] [seed]</c> writes a migration set to time the CLI on;
/// <c>dotnet run -c Release -- generate-trace &lt;folder&gt; [files] [seed]</c> writes a set that runs on PostgreSQL, to time <c>trace</c> on;
/// <c>dotnet run -c Release -- generate-tsql &lt;folder&gt; [files] [megabytes] [seed]</c> writes a SQL Server migration set;
/// <c>dotnet run -c Release -- measure &lt;folder&gt;</c> times each stage of checking it once (a quick look, not a benchmark).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "generate")
        {
            var files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
            var megabytes = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 40;
            var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 7;
            var watch = Stopwatch.StartNew();
            var bytes = new MigrationSetGenerator(seed).WriteSet(args[1], files, megabytes * 1024 * 1024);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {files} files, {bytes / 1024.0 / 1024.0:F1} MB to {args[1]} in {watch.ElapsedMilliseconds} ms"));
            return 0;
        }
        if (args.Length >= 2 && args[0] == "generate-trace")
        {
            var files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
            var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
            var statements = new TraceSetGenerator(seed).WriteSet(args[1], files);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {files} files, {statements} statements, to {args[1]}"));
            return 0;
        }
        if (args.Length >= 2 && args[0] == "generate-tsql")
        {
            var files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
            var megabytes = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 5;
            var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 7;
            var bytes = new TsqlSetGenerator(seed).WriteSet(args[1], files, megabytes * 1024 * 1024);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {files} files, {bytes / 1024.0 / 1024.0:F1} MB to {args[1]}"));
            return 0;
        }
        if (args.Length >= 2 && args[0] == "measure")
        {
            return Measure(args[1]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static int Measure(string folder)
    {
        var big = new MigrationSetGenerator(42).FileWithStatements(50_000);
        var options = PipelineGuard.Sql.SqlLexerOptions.For(PipelineGuard.Sql.SqlDialect.Postgres);
        for (var round = 0; round < 2; round++)
        {
            var w = Stopwatch.StartNew();
            var tokens = PipelineGuard.Sql.SqlLexer.Tokenize(big, options);
            var lex = w.ElapsedMilliseconds;
            var split = PipelineGuard.Sql.SqlStatementSplitter.Split(tokens, PipelineGuard.Sql.SqlDialect.Postgres).Count;
            var splitMs = w.ElapsedMilliseconds - lex;
            var analysed = PipelineGuard.Sql.MigrationAnalyser.Analyse(big, new PipelineGuard.Sql.SqlAnalysisSettings(PipelineGuard.Sql.SqlDialect.Postgres)).StatementCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one file of {big.Length / 1024} KB, {split} statements: lex {lex} ms, split {splitMs} ms, full analysis {w.ElapsedMilliseconds - lex - splitMs} ms ({analysed} statements)"));
        }
        var process = Process.GetCurrentProcess();
        double Cpu() { process.Refresh(); return process.TotalProcessorTime.TotalMilliseconds; }
        var watch = Stopwatch.StartNew();
        var cpu0 = Cpu();
        var policy = PipelineGuard.PolicyLoading.PolicyLoader.LoadBuiltIn();
        // The collector analyses each file for the policy's SQL checks as it reads it, so collect includes the analysis.
        var needs = PipelineGuard.Sql.SqlNeeds.Of(policy.Rules.Select(r => r.Check), keepTexts: false);
        var (set, inputs) = PipelineGuard.Sql.MigrationCollector.Collect(["."], null, folder, needs);
        var collect = watch.ElapsedMilliseconds;
        var cpu1 = Cpu();
        var statements = set.Facts.Sum(f => f.Analyses.Values.FirstOrDefault()?.StatementCount ?? 0);
        var facts = new PipelineGuard.Model.EvaluationFacts { Now = NodaTime.Instant.FromUtc(2026, 11, 21, 10, 0), Inputs = inputs }.With(set);
        var findings = PipelineGuard.Engine.PolicyEvaluator.Evaluate(policy, facts).Findings.Count;
        var evaluate = watch.ElapsedMilliseconds - collect;
        var cpu2 = Cpu();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set.Files.Count} files, {statements} statements: collect and analyse {collect} ms ({cpu1 - cpu0:F0} ms CPU), evaluate default policy {evaluate} ms ({cpu2 - cpu1:F0} ms CPU), {findings} findings, peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        return 0;
    }
}
