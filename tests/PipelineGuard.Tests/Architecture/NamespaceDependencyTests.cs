using PipelineGuard.Tests.Architecture;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.ArchitectureChecks;

/// <summary>
/// The library's namespaces depend one way (issue 14): Model at the bottom; Inputs, Processes, Git beside it;
/// Policy (the policy model) and Engine (applying it) above; the collector and check modules (Terraform, Sql,
/// Trace, Deploy) above the engine; PolicyLoading (the check registry and loader), Reporting and Audit on top.
/// </summary>
public sealed class NamespaceDependencyTests(ITestOutputHelper output)
{
    private static readonly NamespaceGraph s_library = NamespaceGraph.Of(typeof(Model.Finding).Assembly, "PipelineGuard");

    /// <summary>Every edge the layering allows today; a new one is a design change to make here, on purpose.</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Model"] = [],
        ["Processes"] = [],
        ["Inputs"] = ["Model"],
        ["Git"] = ["Model", "Processes"],
        ["Policy"] = ["Git", "Model"],
        ["Engine"] = ["Inputs", "Model", "Policy"],
        ["Terraform"] = ["Inputs", "Model", "Policy"],
        ["Sql"] = ["Git", "Inputs", "Model", "Policy"],
        ["Trace"] = ["Engine", "Model", "Policy", "Processes", "Sql"],
        ["Deploy"] = ["Engine", "Git", "Inputs", "Model", "Policy", "Processes", "Terraform"],
        ["PolicyLoading"] = ["Deploy", "Git", "Inputs", "Model", "Policy", "Sql", "Terraform", "Trace"],
        ["PolicyTesting"] = ["Engine", "Model", "Policy"],
        ["Reporting"] = ["Deploy", "Engine", "Model", "Policy", "PolicyLoading", "Sql", "Trace"],
        ["Audit"] = ["Engine", "Model", "Policy", "Reporting"],
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
    public void The_library_has_no_namespace_cycle()
    {
        s_library.Cycles().Select(c => string.Join(" <-> ", c)).ShouldBeEmpty();
    }

    [Fact]
    public void The_graph_reader_sees_a_use_that_is_only_inside_a_method_body_and_finds_the_cycle_it_makes()
    {
        var sample = NamespaceGraph.Of(typeof(NamespaceDependencyTests).Assembly, "PipelineGuard.Tests.ArchitectureSample");

        sample.Edges["Lower"].Keys.ShouldContain("Upper");
        sample.Edges["Upper"].Keys.ShouldContain("Lower");
        sample.Cycles().ShouldContain(c => c.Contains("Lower") && c.Contains("Upper"));
    }
}
