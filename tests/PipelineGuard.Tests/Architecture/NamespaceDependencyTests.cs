using PipelineGuard.Tests.Architecture;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.ArchitectureChecks;

/// <summary>
/// A ratchet on the library's namespace dependencies (issue 14): no namespace may start using another
/// beyond the edges recorded here. The edges marked "backward" form today's cycle and are to be removed.
/// </summary>
public sealed class NamespaceDependencyTests(ITestOutputHelper output)
{
    private static readonly NamespaceGraph s_library = NamespaceGraph.Of(typeof(Model.Finding).Assembly, "PipelineGuard");

    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Audit"] = ["Engine", "Model", "Policy", "Reporting"],
        ["Deploy"] = ["Engine", "Git", "Inputs", "Model", "Policy", "Processes", "Terraform"],
        // backward: Sql, Terraform, Trace (AnnounceNothingJudged, Evaluation.Trace).
        ["Engine"] = ["Inputs", "Model", "Policy", "Sql", "Terraform", "Trace"],
        ["Git"] = ["Model", "Processes"],
        ["Inputs"] = ["Model"],
        // backward: all of them (EvaluationFacts names the collector modules' types).
        ["Model"] = ["Engine", "Policy", "Sql", "Terraform", "Trace"],
        // backward: Deploy, Sql, Terraform, Trace (the CheckKinds registry).
        ["Policy"] = ["Deploy", "Git", "Inputs", "Model", "Sql", "Terraform", "Trace"],
        ["PolicyTests"] = ["Engine", "Model", "Policy"],
        ["Processes"] = [],
        ["Reporting"] = ["Deploy", "Engine", "Model", "Policy", "Sql", "Trace"],
        ["Sql"] = ["Git", "Inputs", "Model", "Policy"],
        ["Terraform"] = ["Inputs", "Model", "Policy"],
        ["Trace"] = ["Model", "Policy", "Sql"],
    };

    [Fact]
    public void No_library_namespace_uses_another_beyond_the_recorded_edges()
    {
        var added = new List<string>();
        foreach (var (from, to) in s_library.Edges.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var (target, why) in to.OrderBy(e => e.Key, StringComparer.Ordinal)) output.WriteLine($"{from} -> {target}: {why}");
            var allowed = s_allowed.TryGetValue(from, out var a) ? a : [];
            added.AddRange(to.Where(e => !allowed.Contains(e.Key)).Select(e => $"{from} -> {e.Key}: {e.Value}"));
        }
        added.ShouldBeEmpty("a namespace started using another; move the type to the layer it belongs to instead");
    }

    [Fact]
    public void The_graph_reader_sees_the_cycle_the_recorded_backward_edges_make()
    {
        // Proves the reader sees through method bodies: EvaluationFacts -> Terraform is only a property, PolicyEvaluator -> Sql only a body.
        s_library.Edges["Model"].Keys.ShouldContain("Terraform");
        s_library.Edges["Engine"].Keys.ShouldContain("Sql");
        s_library.Cycles().ShouldContain(c => c.Contains("Model") && c.Contains("Policy"));
    }
}
