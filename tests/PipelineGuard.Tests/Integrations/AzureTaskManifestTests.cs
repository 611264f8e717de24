using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>The Azure task's manifest asks for the agent its execution handler needs.</summary>
public sealed class AzureTaskManifestTests
{
    // The first agent version of each Node handler (Azure Pipelines agent release notes).
    private static readonly Dictionary<string, Version> s_handlerMinimum = new(StringComparer.Ordinal)
    {
        ["Node10"] = new(2, 144, 0),
        ["Node16"] = new(2, 209, 0),
        ["Node20_1"] = new(3, 232, 1),
    };

    [Fact]
    public void The_minimum_agent_version_is_the_first_that_has_the_tasks_handler()
    {
        using var task = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("azure-task", "PipelineGuardV1", "task.json")));
        var minimum = Version.Parse(task.RootElement.GetProperty("minimumAgentVersion").GetString()!);
        var handlers = task.RootElement.GetProperty("execution").EnumerateObject().Select(h => h.Name).ToList();

        handlers.ShouldContain("Node20_1");
        foreach (var handler in handlers)
        {
            s_handlerMinimum.ShouldContainKey(handler);
            minimum.ShouldBeGreaterThanOrEqualTo(s_handlerMinimum[handler], $"{handler} needs agent {s_handlerMinimum[handler]}");
        }
    }

    [Fact]
    public void The_extension_is_packed_by_one_documented_command_from_a_fresh_clone()
    {
        var script = File.ReadAllText(RepoPaths.InRepo("azure-task", "package.sh"));
        script.ShouldContain("npm ci", customMessage: "package.sh installs the task's dependencies and tfx itself");
        script.ShouldContain("tools\" && npm ci");
        var readme = File.ReadAllText(RepoPaths.InRepo("azure-task", "README.md"));
        readme.ShouldContain("azure-task/package.sh --with-binaries");
        readme.ShouldContain("`publisher` in `azure-task/vss-extension.json`");
    }
}
