using PipelineGuard.Deploy.Incidents.Sources;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>
/// Every incident source kind, by its <c>source:</c> word. Adding one: write <c>Sources/&lt;Name&gt;IncidentSource.cs</c>
/// with its options, keys, parser, fetch and default token variables, and list its kind here (see docs/extending.md).
/// </summary>
public static class IncidentSourceKinds
{
    private static readonly Lazy<IReadOnlyDictionary<string, IncidentSourceKind>> s_all = new(() =>
        new[]
        {
            ContextIncidentSource.Definition,
            FileIncidentSource.Definition,
            StatuspageIncidentSource.Definition,
            GitHubIssuesIncidentSource.Definition,
            AzureBoardsIncidentSource.Definition,
            PagerDutyIncidentSource.Definition,
            HttpJsonIncidentSource.Definition,
            OpsgenieIncidentSource.Definition,
        }.ToDictionary(k => k.Name, StringComparer.Ordinal));

    /// <summary>In the order listed: the policy reference and error messages name them in it.</summary>
    public static IReadOnlyDictionary<string, IncidentSourceKind> All => s_all.Value;
}
