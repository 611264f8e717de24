namespace PipelineGuard.Model;

/// <summary>A violation after the engine has decided what it means for this run.</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    Enforcement Enforcement,
    Outcome Outcome,
    string Message,
    Target Target,
    string Remediation,
    string Fingerprint)
{
    public OverrideUse? Override { get; init; }
    public WaiverUse? Exception { get; init; }
    public bool Indeterminate { get; init; }
    public string? HowToOverride { get; init; }
}

/// <summary>How a block was lifted for this run, and by whom or what.</summary>
/// <param name="Kind">commit-tag | trailer | approvals | inline</param>
/// <param name="By">The tag, the trailer's author, or the approvers.</param>
/// <param name="Reason">The reason given, where the override carries one.</param>
public sealed record OverrideUse(string Kind, string By, string? Reason);

/// <summary>
/// The waiver that matched: a policy exception (with its expiry; an expired one no longer applies
/// and is kept here so reports show it) or an inline suppression in the source.
/// </summary>
/// <param name="Source">policy | inline</param>
/// <param name="Matched">The exception's target glob, or where the inline suppression is.</param>
public sealed record WaiverUse(string Source, string Reason, NodaTime.LocalDate? Expires, bool Expired, string Matched);

/// <summary>Something the run says beside the findings: expired or soon-expiring exceptions, unreadable optional inputs.</summary>
public sealed record Notice(string Level, string Message, string? RuleId = null);
