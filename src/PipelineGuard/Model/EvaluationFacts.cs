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

    /// <summary>Team name to member logins: the policy's <c>teams</c> plus any resolved from a platform.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Teams { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where plan addresses are declared in the .tf sources (empty when the sources are not there).</summary>
    public TerraformSourceIndex TerraformSources { get; init; } = TerraformSourceIndex.Empty;

    /// <summary>Every input file read, with its digest, for reports and the audit log.</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];
}

/// <summary>An input the run read. <paramref name="Kind"/>: plan | migration | context | policy.</summary>
public sealed record InputFile(string Path, string Kind, string Sha256);
