using BenchmarkDotNet.Attributes;
using NodaTime;
using PipelineGuard.Benchmarks.Generators;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.PolicyLoading;
using PipelineGuard.Sql;

namespace PipelineGuard.Benchmarks;

/// <summary>Hot path 3: collecting 2,000 generated migration files (about 40 MB) and evaluating the default policy's SQL rules.</summary>
public class MigrationCheckBenchmark
{
    private string _folder = "";
    private PolicySet _policy = null!;

    [Params(2000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("pg-bench-").FullName;
        new MigrationSetGenerator(7).WriteSet(_folder, Files, 40L * 1024 * 1024);
        _policy = PolicyLoader.LoadBuiltIn();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int CollectAndEvaluate()
    {
        var (set, inputs) = MigrationCollector.Collect(["db"], null, _folder, SqlNeeds.Of(_policy.Rules.Select(r => r.Check), keepTexts: false));
        var facts = new EvaluationFacts { Now = Instant.FromUtc(2026, 11, 21, 10, 0), Inputs = inputs }.With(set);
        return PolicyEvaluator.Evaluate(_policy, facts).Findings.Count;
    }
}
