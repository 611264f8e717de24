using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>
/// A policy file or folder to load. <paramref name="Origin"/> is set for a central pack fetched
/// from git (<c>git+https://host/org/policies.git//packs/prod?ref=v3 @ &lt;commit&gt;</c>): its rules
/// are protected from weakening by local files unless the pack's <c>central</c> block allows it.
/// </summary>
public sealed record PolicyLocation(string Path, string? Origin = null);

/// <summary>
/// A central pack's rules for the local files that extend it (the top-level <c>central</c> block).
/// Local files may always add rules and tighten central ones; weakening (lower enforcement or
/// severity) and waiving (adding exceptions) need the pack's consent.
/// </summary>
public sealed record CentralSettings(bool AllowWeakening, bool AllowLocalExceptions, SourcePosition? Position)
{
    /// <summary>
    /// False: no loaded file may carry an exception that waives every target (<c>*</c>, <c>**</c>, no targets)
    /// or that expires more than <see cref="Waiver.MaxReasonableDays"/> days after the run.
    /// </summary>
    public bool AllowBroadExceptions { get; init; } = true;

    /// <summary>A pack fetched from git without a <c>central</c> block: nothing may be weakened or waived locally.</summary>
    public static CentralSettings Closed { get; } = new(false, false, null);

    public static CentralSettings? Parse(YamlMap? map)
    {
        if (map is null) return null;
        var weakening = map.Bool("allow_weakening") ?? false;
        var exceptions = map.Bool("allow_local_exceptions") ?? false;
        var broad = map.Bool("allow_broad_exceptions") ?? true;
        map.RejectUnknownKeys(["allow_weakening", "allow_local_exceptions", "allow_broad_exceptions"]);
        return new CentralSettings(weakening, exceptions, map.Position) { AllowBroadExceptions = broad };
    }
}

/// <summary>The file that defined a rule, and the central settings protecting it (null for a local rule).</summary>
public sealed record RuleOwner(PolicySource Source, CentralSettings? Central)
{
    public string Describe() => Source.Origin is { } origin ? $"{origin} ({Source.File})" : Source.File;
}

/// <summary>
/// An <c>adjust</c> entry: a change a file makes to a rule defined in another file, typically a
/// local file tightening (or, where the central pack allows it, weakening or waiving) a central rule.
/// </summary>
public sealed record RuleAdjustment(
    string RuleId,
    SourcePosition Position,
    Enforcement? Enforcement,
    SourcePosition? EnforcementPosition,
    Severity? Severity,
    SourcePosition? SeverityPosition,
    IReadOnlyList<Waiver> Exceptions,
    SourcePosition? ExceptionsPosition)
{
    public static RuleAdjustment? Parse(YamlMap map)
    {
        var id = map.String("rule", required: true);
        var what = id is null ? map.What : $"adjust of rule '{id}'";
        var m = map.Named(what);
        var enforcement = m.Word("enforcement", PolicyWords.Enforcement);
        var severity = m.Word("severity", PolicyWords.Severity);
        var exceptions = m.MapList("exceptions", i => $"{what} exceptions[{i}]").Select(Waiver.Parse).OfType<Waiver>().ToList();
        m.RejectUnknownKeys(["rule", "enforcement", "severity", "exceptions"]);
        if (id is null) return null;
        if (enforcement is null && severity is null && !m.Has("exceptions"))
        {
            m.Error("rule", "an adjust entry changes something: give enforcement, severity or exceptions");
        }
        return new RuleAdjustment(id, m.KeyPosition("rule"),
            enforcement, m.Has("enforcement") ? m.PositionOf("enforcement") : null,
            severity, m.Has("severity") ? m.PositionOf("severity") : null,
            exceptions, m.Has("exceptions") ? m.KeyPosition("exceptions") : null);
    }

    /// <summary>
    /// Applies every adjustment in file order. A weakening or a waiver of a protected rule that its
    /// central pack does not allow is an error at the adjusting line, naming the pack's setting.
    /// </summary>
    public static List<PolicyRule> ApplyAll(
        IReadOnlyList<PolicyRule> rules,
        IReadOnlyDictionary<string, RuleOwner> owners,
        IEnumerable<RuleAdjustment> adjustments,
        List<PolicyError> errors)
    {
        var byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var adjustment in adjustments)
        {
            if (!byId.TryGetValue(adjustment.RuleId, out var rule))
            {
                var suggestion = YamlMap.Suggest(adjustment.RuleId, [.. byId.Keys]);
                errors.Add(new PolicyError(adjustment.Position, $"adjust: no rule '{adjustment.RuleId}' in the loaded policies{suggestion}"));
                continue;
            }
            var owner = owners[rule.Id];
            var central = owner.Central;
            if (adjustment.Enforcement is { } enforcement)
            {
                // Block < Warn < Advisory in the enum: a larger value is a weaker enforcement.
                if (enforcement > rule.Enforcement && central is { AllowWeakening: false })
                {
                    errors.Add(new PolicyError(adjustment.EnforcementPosition ?? adjustment.Position,
                        $"rule '{rule.Id}' comes from the central pack {owner.Describe()}, which does not allow weakening (central.allow_weakening is false): " +
                        $"its enforcement '{ContractWords.Of(rule.Enforcement)}' cannot be lowered to '{ContractWords.Of(enforcement)}' here"));
                }
                else
                {
                    rule = rule with { Enforcement = enforcement };
                }
            }
            if (adjustment.Severity is { } severity)
            {
                if (severity < rule.Severity && central is { AllowWeakening: false })
                {
                    errors.Add(new PolicyError(adjustment.SeverityPosition ?? adjustment.Position,
                        $"rule '{rule.Id}' comes from the central pack {owner.Describe()}, which does not allow weakening (central.allow_weakening is false): " +
                        $"its severity '{ContractWords.Of(rule.Severity)}' cannot be lowered to '{ContractWords.Of(severity)}' here"));
                }
                else
                {
                    rule = rule with { Severity = severity };
                }
            }
            if (adjustment.ExceptionsPosition is { } exceptionsAt)
            {
                if (central is { AllowLocalExceptions: false })
                {
                    errors.Add(new PolicyError(exceptionsAt,
                        $"rule '{rule.Id}' comes from the central pack {owner.Describe()}, which does not allow local exceptions (central.allow_local_exceptions is false); " +
                        "ask the pack's owners to add the exception there"));
                }
                else
                {
                    rule = rule with { Exceptions = [.. rule.Exceptions, .. adjustment.Exceptions] };
                }
            }
            byId[rule.Id] = rule;
        }
        return [.. rules.Select(r => byId[r.Id])];
    }
}
