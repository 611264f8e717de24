using NodaTime;
using PipelineGuard.Terraform;

namespace PipelineGuard.Model;

/// <summary>
/// Everything the collectors read from the outside world, frozen. Checks read only this:
/// no file system, no network, no clock (the clock is <see cref="Now"/>).
/// </summary>
public sealed record EvaluationFacts
{
    public required Instant Now { get; init; }
    public DeployContext Context { get; init; } = DeployContext.Empty;
    public IReadOnlyList<TerraformPlan> Plans { get; init; } = [];

    /// <summary>The SQL migrations read by the migration collector (empty when none were given).</summary>
    public Sql.MigrationSet Migrations { get; init; } = Sql.MigrationSet.Empty;

    /// <summary>What the new migrations did on a throwaway PostgreSQL; null when no trace was run.</summary>
    public Trace.MigrationTrace? Trace { get; init; }

    /// <summary>Team name to member logins: the policy's <c>teams</c> plus any resolved from a platform.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Teams { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy's environments with what each owns (accounts, projects, subscriptions, tags, databases); set by the engine from the policy.</summary>
    public IReadOnlyDictionary<string, Policy.EnvironmentDeclaration> Environments { get; init; } =
        new Dictionary<string, Policy.EnvironmentDeclaration>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The coding agent markers (built-in plus the policy's); set by the engine from the policy.</summary>
    public Policy.AgentMarkers Agents { get; init; } = Policy.AgentMarkers.BuiltIn;

    /// <summary>Where plan addresses are declared in the .tf sources (empty when the sources are not there).</summary>
    public TerraformSourceIndex TerraformSources { get; init; } = TerraformSourceIndex.Empty;

    /// <summary>Every input file read, with its digest, for reports and the audit log.</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];

    /// <summary>What each incident source gave (incidents or the error), keyed by the source's identity; filled before evaluation.</summary>
    public IReadOnlyDictionary<string, IncidentSourceResult> IncidentSources { get; init; } =
        new Dictionary<string, IncidentSourceResult>(StringComparer.Ordinal);

    /// <summary>Approval sources (github | azure-devops) that could not be read, with the error; their approvals are missing from the context.</summary>
    public IReadOnlyDictionary<string, string> ApprovalSourceErrors { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The digest of this run and the approvals posted for it (<c>override.action_approval</c>).</summary>
    public Engine.Approvals.ActionApprovalFacts ActionApprovals { get; init; } = Engine.Approvals.ActionApprovalFacts.None;

    /// <summary>Teams named in the policy that could not be resolved from the platform, with the error.</summary>
    public IReadOnlyDictionary<string, string> TeamErrors { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What one incident source gave: its open incidents, or why it could not be read (never both).</summary>
public sealed record IncidentSourceResult(IReadOnlyList<Incident> Incidents, string? Error)
{
    public static IncidentSourceResult Failed(string error) => new([], error);

    public static IncidentSourceResult Read(IReadOnlyList<Incident> incidents) => new(incidents, null);
}

/// <summary>An input the run read. <paramref name="Kind"/>: plan | migration | context | policy.</summary>
public sealed record InputFile(string Path, string Kind, string Sha256);
