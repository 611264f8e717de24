namespace PipelineGuard.Deploy.Clients;

/// <summary>The impact words of the contract (minor, major, critical) read from the many ways teams label severity.</summary>
public static class IncidentImpact
{
    public const string None = "none";
    public const string Minor = "minor";
    public const string Major = "major";
    public const string Critical = "critical";

    private static readonly Dictionary<string, string> s_words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = None, ["maintenance"] = None,
        ["minor"] = Minor, ["low"] = Minor, ["sev3"] = Minor, ["sev4"] = Minor, ["p3"] = Minor, ["p4"] = Minor, ["p5"] = Minor,
        ["3"] = Minor, ["4"] = Minor, ["medium"] = Minor,
        ["major"] = Major, ["high"] = Major, ["sev2"] = Major, ["p2"] = Major, ["2"] = Major,
        ["critical"] = Critical, ["sev1"] = Critical, ["sev0"] = Critical, ["p1"] = Critical, ["p0"] = Critical, ["1"] = Critical,
        ["blocker"] = Critical, ["outage"] = Critical,
    };

    /// <summary>
    /// "critical", "Sev-1", "severity: high", "impact/major", "1 - Critical" (Azure Boards) and the like; null when no word is recognised.
    /// </summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        foreach (var prefix in new[] { "impact", "severity", "priority", "sev", "incident" })
        {
            if (t.Length > prefix.Length && t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && t[prefix.Length] is ':' or '/' or '=' or ' ' or '-')
            {
                var rest = t[(prefix.Length + 1)..].Trim();
                if (prefix == "sev" && rest.Length > 0 && char.IsDigit(rest[0])) rest = "sev" + rest;
                if (prefix == "priority" && rest.Length > 0 && char.IsDigit(rest[0])) rest = "p" + rest;
                t = rest;
                break;
            }
        }
        // Azure Boards severities read "1 - Critical": the word after the dash decides.
        var dash = t.IndexOf(" - ", StringComparison.Ordinal);
        if (dash > 0 && s_words.TryGetValue(t[(dash + 3)..].Trim(), out var named)) return named;
        t = t.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return s_words.TryGetValue(t, out var word) ? word : null;
    }

    /// <summary>The highest impact any label names, or null when none names one.</summary>
    public static string? FromLabels(IEnumerable<string> labels)
    {
        string? best = null;
        foreach (var label in labels)
        {
            var impact = Normalise(label);
            if (impact is not null && Rank(impact) > Rank(best)) best = impact;
        }
        return best;
    }

    /// <summary>Services named by labels such as <c>service:payments</c> or <c>service/payments</c>.</summary>
    public static IReadOnlyList<string> ServicesFromLabels(IEnumerable<string> labels) =>
    [
        .. labels
            .Where(l => l.Length > 8 && l.StartsWith("service", StringComparison.OrdinalIgnoreCase) && l[7] is ':' or '/' or '=')
            .Select(l => l[8..].Trim())
            .Where(s => s.Length > 0),
    ];

    public static int Rank(string? impact) => impact switch
    {
        Critical => 3,
        Major => 2,
        Minor => 1,
        _ => 0,
    };

    /// <summary>Statuses that mean the incident is over, in the words Statuspage, PagerDuty, GitHub and Azure Boards use.</summary>
    public static bool IsClosed(string? status) => status?.Trim().ToLowerInvariant() is
        "resolved" or "postmortem" or "closed" or "completed" or "done" or "removed" or "cancelled" or "canceled";
}
