using System.Collections.Immutable;
using NodaTime;

namespace PipelineGuard.Model;

/// <summary>
/// Everything the collectors read from the outside world, frozen. Checks read only this:
/// no file system, no network, no clock (the clock is <see cref="Now"/>). What a collector module adds
/// (plans, migrations, a trace, approvals) is a typed <see cref="IFactPart"/>, so the model names none of them.
/// </summary>
public sealed record EvaluationFacts
{
    private ImmutableDictionary<Type, IFactPart> Parts { get; init; } = ImmutableDictionary<Type, IFactPart>.Empty;

    /// <summary>The part of this type, or its <c>None</c> when no collector gave one.</summary>
    public T Get<T>() where T : class, IFactPart<T> => Find<T>() ?? T.None;

    /// <summary>The part of this type; null when no collector gave one.</summary>
    public T? Find<T>() where T : class, IFactPart => Parts.TryGetValue(typeof(T), out var part) ? (T)part : null;

    /// <summary>These facts with <paramref name="part"/> in place of any part of its type.</summary>
    public EvaluationFacts With<T>(T part) where T : class, IFactPart => this with { Parts = Parts.SetItem(typeof(T), part) };

    /// <summary>Every part given, for the notices they raise.</summary>
    public IEnumerable<IFactPart> AllParts => Parts.Values;

    public required Instant Now { get; init; }
    public DeployContext Context { get; init; } = DeployContext.Empty;

    /// <summary>Team name to member logins: the policy's <c>teams</c> plus any resolved from a platform.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Teams { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every input file read, with its digest, for reports and the audit log.</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];

    /// <summary>What each incident source gave (incidents or the error), keyed by the source's identity; filled before evaluation.</summary>
    public IReadOnlyDictionary<string, IncidentSourceResult> IncidentSources { get; init; } =
        new Dictionary<string, IncidentSourceResult>(StringComparer.Ordinal);

    /// <summary>Approval sources (github | azure-devops) that could not be read, with the error; their approvals are missing from the context.</summary>
    public IReadOnlyDictionary<string, string> ApprovalSourceErrors { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

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

/// <summary>What one collector module adds to the facts (plans, migrations, a trace, approvals), keyed by its type.</summary>
public interface IFactPart
{
    /// <summary>What the run says about this part given the kinds of the policy's rules (inputs no rule judged are said so, never passed in silence).</summary>
    IEnumerable<Notice> Notices(IReadOnlySet<string> ruleKinds) => [];
}

/// <summary>A part with an empty value that stands in when no collector gave one.</summary>
public interface IFactPart<TSelf> : IFactPart where TSelf : class, IFactPart<TSelf>
{
    static abstract TSelf None { get; }
}
