using NodaTime;
using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>Where a rule applies: every given key must match the deploy context.</summary>
public sealed record RuleScope(
    IReadOnlyList<string> Environments,
    GlobSet Services,
    GlobSet Branches)
{
    public static RuleScope Everywhere { get; } = new([], GlobSet.Any, GlobSet.Any);

    public bool IsEverywhere => Environments.Count == 0 && Services.MatchesEverything && Branches.MatchesEverything && MadeBy is null;

    /// <summary><c>agent</c> or <c>human</c>: the rule applies only to changes an agent made (or did not); null for every change.</summary>
    public string? MadeBy { get; init; }
}

/// <summary>Approvals that can lift a block: at least <see cref="Min"/> approvers from the teams or users named, never the author.</summary>
public sealed record ApprovalRequirement(int Min, IReadOnlyList<string> Teams, IReadOnlyList<string> Users, bool ExcludeAuthor);

/// <summary>How a block of this rule can be lifted for one run.</summary>
public sealed record OverrideOptions(
    IReadOnlyList<string> CommitTags,
    string? Trailer,
    ApprovalRequirement? Approvals)
{
    /// <summary>Approvals of this run's digest (<c>override.action_approval</c>), or null.</summary>
    public ActionApprovalRequirement? ActionApproval { get; init; }

    /// <summary>One line telling a user how to lift the block, for annotations and summaries.</summary>
    public string Describe(string ruleId)
    {
        var ways = new List<string>();
        if (CommitTags.Count > 0) ways.Add($"put {string.Join(" or ", CommitTags.Select(t => $"'{t}'"))} in the head commit message");
        if (Trailer is not null) ways.Add($"add the trailer '{Trailer}: {ruleId} <reason>' to the head commit");
        if (Approvals is { } a)
        {
            var from = a.Teams.Count > 0 || a.Users.Count > 0
                ? " from " + string.Join(", ", a.Teams.Select(t => "team " + t).Concat(a.Users))
                : "";
            ways.Add($"get {a.Min} approval{(a.Min == 1 ? "" : "s")}{from}{(a.ExcludeAuthor ? " (not the author)" : "")}");
        }
        if (ActionApproval is { } action) ways.Add(action.Describe());
        return ways.Count == 0 ? "" : "To override: " + string.Join("; or ", ways) + ".";
    }
}

/// <summary>A waiver: findings whose target matches one of the globs are waived through the expiry date, a calendar day in <paramref name="Zone"/>.</summary>
public sealed record Waiver(GlobSet Targets, string Reason, LocalDate Expires, DateTimeZone Zone, SourcePosition Position)
{
    /// <summary>One <c>exceptions</c> entry; null (with the errors on the map) when it is incomplete.</summary>
    public static Waiver? Parse(YamlMap map)
    {
        var targets = map.Globs("targets");
        var reason = map.String("reason", required: true);
        var expires = map.Date("expires", required: true);
        var zone = map.TimeZone("timezone", DateTimeZone.Utc);
        map.String("owner");
        map.String("ticket");
        map.RejectUnknownKeys(["targets", "reason", "expires", "timezone", "owner", "ticket"]);
        if (reason is null || expires is not { } date) return null;
        if (string.IsNullOrWhiteSpace(reason)) map.Error("reason", "an exception's reason must say why");
        return new Waiver(targets, reason, new LocalDate(date.Year, date.Month, date.Day), zone, map.Position);
    }

    /// <summary>An exception meant to last longer than this is a permanent waiver in disguise.</summary>
    public const int MaxReasonableDays = 366;

    /// <summary>An exception applies through the whole of its expiry date in its zone (UTC unless it says <c>timezone</c>) and no longer from the day after.</summary>
    public bool IsExpired(Instant now) => Today(now) > Expires;

    /// <summary>The calendar day it is in the waiver's zone at <paramref name="now"/>.</summary>
    public LocalDate Today(Instant now) => now.InZone(Zone).Date;

    /// <summary>Whole days from the waiver's today to its expiry date (negative once expired).</summary>
    public int DaysLeft(Instant now) => Period.Between(Today(now), Expires, PeriodUnits.Days).Days;

    /// <summary>True when the targets waive every finding of the rule: none given, or a glob of only <c>*</c> and <c>/</c> such as <c>*</c>, <c>**</c>, <c>**/*</c>.</summary>
    public bool WaivesEverything => Targets.MatchesEverything || Targets.Globs.Any(g => g.Pattern.Trim('*', '/').Length == 0);

    /// <summary>Why this exception is broader than a waiver should be, or null: it waives everything, or expires more than a year after <paramref name="now"/>.</summary>
    public string? Broadness(Instant now)
    {
        var why = new List<string>();
        if (WaivesEverything) why.Add($"its targets ({Targets}) match every finding");
        var days = DaysLeft(now);
        if (days > MaxReasonableDays) why.Add($"it expires on {Expires:yyyy-MM-dd}, {days} days from now (more than a year)");
        return why.Count == 0 ? null : string.Join(" and ", why);
    }
}

/// <summary>One rule of a policy: metadata, scope, the check and what can lift it.</summary>
public sealed record PolicyRule(
    string Id,
    string Description,
    Severity Severity,
    Enforcement Enforcement,
    RuleScope When,
    ICheck Check,
    OverrideOptions? Override,
    IReadOnlyList<Waiver> Exceptions,
    SourcePosition Position)
{
    /// <summary>Why the rule exists, in the team's words; falls back to the check kind's rationale.</summary>
    public string? Rationale { get; init; }

    /// <summary>How to fix what the rule finds; falls back to the check kind's remediation.</summary>
    public string? Remediation { get; init; }

    /// <summary>A link to the team's runbook or docs for this rule.</summary>
    public string? HelpUri { get; init; }

    public string EffectiveRemediation => Remediation ?? Check.Kind.Remediation;
    public string EffectiveRationale => Rationale ?? Check.Kind.Rationale;

    /// <summary>The secret variables its check and its override declare, for redaction.</summary>
    public IEnumerable<string> SecretVariables => Check.SecretVariables.Concat(Override?.ActionApproval?.SecretVariables ?? []);
}

/// <summary>One loaded policy file, with its digest for the audit log.</summary>
public sealed record PolicySource(string File, string Sha256, bool BuiltIn)
{
    /// <summary>Where a central policy file came from: its git URL and the commit fetched; null for local files.</summary>
    public string? Origin { get; init; }
}

/// <summary>All policy files merged: the rules, environment aliases, teams and mode.</summary>
public sealed record PolicySet(
    PolicyMode Mode,
    IReadOnlyDictionary<string, GlobSet> Environments,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Teams,
    IReadOnlyList<PolicyRule> Rules,
    IReadOnlyList<PolicySource> Sources)
{
    /// <summary>Every environment the policy names, with what it owns (aliases only for the list form).</summary>
    public IReadOnlyDictionary<string, EnvironmentDeclaration> EnvironmentDeclarations { get; init; } =
        new Dictionary<string, EnvironmentDeclaration>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The coding agent markers: the built-in list plus the policy's <c>agents</c> entries.</summary>
    public AgentMarkers AgentMarkers { get; init; } = AgentMarkers.BuiltIn;
}
