namespace PipelineGuard.Model;

/// <summary>
/// What a check found, before the engine applies scope, exceptions, overrides and enforcement.
/// Checks produce violations; only the engine turns them into <see cref="Finding"/>s.
/// </summary>
/// <param name="Message">One sentence: what would happen and where. Never contains a secret.</param>
/// <param name="Target">What it points at.</param>
/// <param name="Subject">A stable identity for fingerprints (e.g. the address or statement class); defaults to the target.</param>
/// <param name="Indeterminate">True when the check could not decide (a value known only after apply).</param>
/// <param name="Enforcement">When set, caps the rule's enforcement for this violation (for example unknown values or a suppression note).</param>
public sealed record Violation(
    string Message,
    Target Target,
    string? Subject = null,
    bool Indeterminate = false,
    Enforcement? Enforcement = null)
{
    /// <summary>A reason the violation was suppressed in place (e.g. an inline SQL suppression comment).</summary>
    public InlineSuppression? Suppression { get; init; }

    /// <summary>Extra remediation specific to this violation, printed after the rule's.</summary>
    public string? Remediation { get; init; }
}

/// <summary>An in-source waiver such as <c>-- pipeline-guard: allow drop-column -- reason</c>.</summary>
public sealed record InlineSuppression(string Reason, string Where);
