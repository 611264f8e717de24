namespace PipelineGuard.Terraform;

/// <summary>The facts read from one terraform (or OpenTofu) plan JSON file.</summary>
public sealed record TerraformPlan(
    string File,
    string FormatVersion,
    string? ToolVersion,
    IReadOnlyList<PlanChange> Changes,
    IReadOnlyList<PlanChange> Drift)
{
    /// <summary>False when terraform said the plan is incomplete (deferred changes); null when it did not say.</summary>
    public bool? Complete { get; init; }

    /// <summary>What the reader was asked to keep; a check whose request is not here cannot judge this plan.</summary>
    public PlanProjection Projection { get; init; } = PlanProjection.None;

    /// <summary>Whether every resource change carries its canonical <see cref="PlanChange.ContentSha256"/>.</summary>
    public bool ChangesDigested { get; init; }
    /// <summary>Provider configurations, module call values, variables and identity data (empty unless the projection asked for the provider context).</summary>
    public PlanContext Context { get; init; } = PlanContext.Empty;

    /// <summary>The largest read buffer the reader needed: bounded by the largest resource change, not the file.</summary>
    internal int PeakBufferBytes { get; init; }
}
