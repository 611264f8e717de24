using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>The policy's words for its enums, one table per enum: the loader, central packs and policy tests all read these.</summary>
public static class PolicyWords
{
    public static readonly IReadOnlyDictionary<string, Severity> Severity = new Dictionary<string, Severity>(StringComparer.Ordinal)
    {
        ["low"] = Model.Severity.Low, ["medium"] = Model.Severity.Medium, ["high"] = Model.Severity.High, ["critical"] = Model.Severity.Critical,
    };

    public static readonly IReadOnlyDictionary<string, Enforcement> Enforcement = new Dictionary<string, Enforcement>(StringComparer.Ordinal)
    {
        ["block"] = Model.Enforcement.Block, ["warn"] = Model.Enforcement.Warn, ["advisory"] = Model.Enforcement.Advisory,
    };

    public static readonly IReadOnlyDictionary<string, PolicyMode> Mode = new Dictionary<string, PolicyMode>(StringComparer.Ordinal)
    {
        ["enforce"] = PolicyMode.Enforce, ["audit"] = PolicyMode.Audit,
    };
}
