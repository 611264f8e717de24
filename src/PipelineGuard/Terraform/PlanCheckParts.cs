using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>What the check kinds that judge plan changes share: their <c>actions</c> key and where a finding points.</summary>
public static class PlanCheckParts
{
    private static readonly string[] s_defaultActions = ["create", "update", "delete", "replace"];

    /// <summary>The <c>actions</c> key: action words, each checked; create, update, delete and replace when absent.</summary>
    public static IReadOnlyList<string> ParseActions(YamlMap map, PolicyParseContext context)
    {
        var actions = new List<string>();
        foreach (var (word, node) in map.StringListWithNodes("actions"))
        {
            if (PlanActionWords.All.Contains(word)) actions.Add(word);
            else context.Error(node, $"{map.What}: unknown action '{word}'; actions are {string.Join(", ", PlanActionWords.All)}");
        }
        return actions.Count > 0 ? actions : s_defaultActions;
    }

    /// <summary>The change in the plan file, and in its terraform source when the source index knows where it is declared.</summary>
    public static Target TargetOf(TerraformPlan plan, PlanChange change, TerraformSourceIndex sources)
    {
        var target = new Target(TargetKinds.TerraformResource, change.Address, plan.File, change.Line);
        return sources.Locate(change.Address, plan.File) is { } source ? target with { SourceFile = source.File, SourceLine = source.Line } : target;
    }
}
