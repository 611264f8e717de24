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

    /// <summary>Team name to member logins: the policy's <c>teams</c> plus any resolved from a platform.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Teams { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every input file read, with its digest, for reports and the audit log.</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];
}

/// <summary>An input the run read. <paramref name="Kind"/>: plan | migration | context | policy.</summary>
public sealed record InputFile(string Path, string Kind, string Sha256);
