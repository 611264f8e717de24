using PipelineGuard.Policy;

namespace PipelineGuard.PolicyLoading;

/// <summary>
/// Every check kind a rule can use, by its policy key. Adding a kind: write one file with its
/// options, parser, evaluation and <see cref="CheckKindInfo"/>, and list its definition here.
/// </summary>
public static class CheckKinds
{
    private static readonly Lazy<IReadOnlyDictionary<string, CheckKindDefinition>> s_all = new(() =>
        new CheckKindDefinition[]
        {
            Terraform.TerraformCheck.Definition,
            Terraform.CrossEnvironmentCheck.Definition,
            Sql.SqlCheck.Definition,
            Trace.TraceCheck.Definition,
            Deploy.Windows.WindowCheck.Definition,
            Deploy.Incidents.IncidentCheck.Definition,
            Deploy.Approvals.ApprovalCheck.Definition,
            Deploy.Rules.CommitCheck.Definition,
            Deploy.Rules.ActorCheck.Definition,
        }.ToDictionary(d => d.Info.Name, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, CheckKindDefinition> All => s_all.Value;
}
