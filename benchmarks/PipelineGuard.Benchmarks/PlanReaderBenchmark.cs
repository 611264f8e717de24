using BenchmarkDotNet.Attributes;
using NodaTime;
using PipelineGuard.Engine;
using PipelineGuard.InputGenerator;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.PolicyLoading;
using PipelineGuard.Terraform;

namespace PipelineGuard.Benchmarks;

/// <summary>
/// Hot paths of the plan side: streaming a generated plan with and without the attribute projection of
/// the 10-rule performance policy, and evaluating that policy on the facts read.
/// </summary>
[MemoryDiagnoser]
public class PlanReaderBenchmark
{
    private byte[] _plan = [];
    private PolicySet _policy = null!;
    private PlanProjection _projection = PlanProjection.None;
    private TerraformPlan _read = null!;

    [Params(10_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        PlanGenerator.Write(stream, Resources, seed: 42);
        _plan = stream.ToArray();
        var policyFile = Path.Combine(AppContext.BaseDirectory, "perf-policy.yml");
        _policy = PolicyLoader.Load([File.Exists(policyFile) ? policyFile : Path.Combine("..", "perf-policy.yml")]);
        _projection = TerraformCheck.ProjectionOf(_policy);
        _read = PlanReader.Read(new MemoryStream(_plan), "plan.json", _projection);
    }

    [Benchmark(Baseline = true)]
    public int ReadWithoutProjection() => PlanReader.Read(new MemoryStream(_plan), "plan.json", PlanProjection.None).Changes.Count;

    [Benchmark]
    public int ReadWithProjection() => PlanReader.Read(new MemoryStream(_plan), "plan.json", _projection).Changes.Count;

    [Benchmark]
    public int Evaluate() => PolicyEvaluator.Evaluate(_policy, new EvaluationFacts
    {
        Now = Instant.FromUtc(2026, 11, 21, 10, 0),
    }.WithPlans([_read])).Findings.Count;
}

/// <summary>Hot path: judging attribute conditions (per-element where, any_of, @json) on selected values.</summary>
[MemoryDiagnoser]
public class AttributeMatcherBenchmark
{
    private AttributeConditionSet _conditions = null!;
    private AttributeValues _values = AttributeValues.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var rule = policy.Rules.First(r => r.Id == "no-world-open-admin-ports");
        _conditions = ((TerraformCheck)rule.Check).Conditions!;
        var ingress = Enumerable.Range(0, 20).Select(i => new PlanValue(PlanValueKind.Map, null, false, properties: new Dictionary<string, PlanValue>
        {
            ["cidr_blocks"] = new(PlanValueKind.List, null, false, [new PlanValue(PlanValueKind.String, i == 19 ? "0.0.0.0/0" : $"10.{i}.0.0/16", false)]),
            ["from_port"] = new(PlanValueKind.Number, i == 19 ? "22" : "443", false),
            ["to_port"] = new(PlanValueKind.Number, i == 19 ? "22" : "443", false),
            ["protocol"] = new(PlanValueKind.String, "tcp", false),
        })).ToList();
        var selected = new Dictionary<string, SelectedValues>(StringComparer.Ordinal);
        foreach (var path in _conditions.Paths)
        {
            selected[path.Text] = new SelectedValues([], path.Text == "ingress.*" ? ingress : [], true, false);
        }
        _values = new AttributeValues(selected);
    }

    [Benchmark]
    public Truth JudgeTwentyIngressBlocks() => _conditions.Judge(_values).Truth;
}
