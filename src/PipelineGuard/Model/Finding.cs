using System.Diagnostics;
namespace PipelineGuard.Model;

/// <summary>A violation after the engine has decided what it means for this run.</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    Enforcement Enforcement,
    string Message,
    Target Target,
    string Remediation,
    string Fingerprint)
{
    /// <summary>How the engine resolved it; <see cref="Outcome"/>, <see cref="Override"/> and <see cref="Waiver"/> follow from it.</summary>
    public Resolution Resolution { get; init; } = Resolution.Enforced.Plain;

    public Outcome Outcome => Resolution switch
    {
        Resolution.Waived => Outcome.Waived,
        Resolution.Overridden => Outcome.Overridden,
        _ => Enforcement switch { Enforcement.Block => Outcome.Block, Enforcement.Warn => Outcome.Warn, _ => Outcome.Advisory },
    };

    /// <summary>The override that lifted it; never null when the outcome is overridden, always null otherwise.</summary>
    public OverrideUse? Override => (Resolution as Resolution.Overridden)?.By;

    /// <summary>The waiver that waived it, or the expired one that matched and no longer applies.</summary>
    public WaiverUse? Waiver => Resolution switch
    {
        Resolution.Waived w => w.Waiver,
        Resolution.Enforced e => e.ExpiredWaiver,
        Resolution.Overridden o => o.ExpiredWaiver,
        _ => throw new UnreachableException($"a resolution Finding does not know: {Resolution.GetType().Name}"),
    };

    public bool Indeterminate { get; init; }
    public string? HowToOverride { get; init; }
}

/// <summary>
/// How the engine resolved a finding, one of three: enforced at its level, waived, or overridden. A waived
/// finding carries its waiver and an overridden one its override, so neither can be said without the other.
/// </summary>
public abstract record Resolution
{
    private Resolution() { }

    /// <summary>The rule's enforcement applies; an expired waiver that matched is kept so reports show it.</summary>
    public sealed record Enforced(WaiverUse? ExpiredWaiver) : Resolution
    {
        public static Enforced Plain { get; } = new((WaiverUse?)null);
    }

    /// <summary>A waiver in force (a policy exception or an inline suppression) waives it.</summary>
    public sealed record Waived(WaiverUse Waiver) : Resolution;

    /// <summary>An override lifted it for this run.</summary>
    public sealed record Overridden(OverrideUse By, WaiverUse? ExpiredWaiver) : Resolution;
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
