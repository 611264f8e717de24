using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Deploy.Windows;

/// <summary>The options of a <c>window</c> rule: its zone, allow slots and freezes.</summary>
public sealed record WindowOptions(DeployCalendar Calendar);

/// <summary>
/// The <c>window</c> check: trips when <c>now</c> is outside every allow slot (if any are given)
/// or inside a freeze. Intervals are half-open: an end time or end instant is not part of the window.
/// </summary>
public sealed partial class WindowCheck(WindowOptions options) : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        "window",
        "Deploys happen only inside allowed weekly slots and never during a freeze.",
        "A change that is fine on Tuesday morning can be a risk on Friday night or during a holiday freeze, when fewer people are around to notice and fix it.",
        "Wait for the window to open (the finding says when), or lift the block for this run with the rule's override.",
        [
            ("timezone", "IANA zone the slots and freeze dates are read in (default UTC), e.g. Europe/Berlin."),
            ("allow", "List of { days, hours }: days are Mon..Sun or ranges like Mon-Thu or Fri-Mon; hours like 09:00-16:30 (end excluded; 24:00 is end of day)."),
            ("freeze", "List of { from, to, reason }: dates (whole days, both included) or date-times in the zone (end excluded), or with an offset."),
        ],
        """
        - id: deploy-window
          description: Production deploys on working hours, never over the year-end freeze.
          severity: high
          enforcement: block
          when: { environments: [production] }
          window:
            timezone: Europe/Berlin
            allow:
              - { days: [Mon-Thu], hours: "09:00-16:30" }
              - { days: [Fri], hours: "09:00-12:00" }
            freeze:
              - { from: 2026-12-21, to: 2027-01-04, reason: year-end freeze }
          override:
            commit_tags: ["[emergency]"]
            trailer: Guard-Override
        """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public WindowOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var calendar = Options.Calendar;
        var now = facts.Now;
        var frozen = calendar.Freeze.Where(f => f.Contains(now)).ToList();
        var local = now.InZone(calendar.Zone).LocalDateTime;
        var outside = calendar.Allow.Count > 0 && !calendar.Allow.Any(a => a.Contains(local));
        if (frozen.Count == 0 && !outside) yield break;

        var when = calendar.Describe(now);
        var message = frozen.Count > 0
            ? $"Deploys are frozen at {when}: {string.Join("; ", frozen.Select(f => f.Reason is null ? f.Text : $"{f.Reason} ({f.Text})"))}."
            : $"{when} is outside the allowed deploy windows ({string.Join("; ", calendar.Allow.Select(a => a.Text))}).";
        var next = calendar.NextOpening(now);
        message += next is { } at
            ? $" The window opens next at {DeployCalendar.Utc(at)} ({calendar.Describe(at)})."
            : $" The window does not open in the next {DeployCalendar.SearchDays} days.";
        var subject = frozen.Count > 0 ? "freeze:" + frozen[0].Text : "outside-window";
        yield return new Violation(message, Target.Deployment, subject);
    }

    private static readonly string[] s_keys = ["timezone", "allow", "freeze"];

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var zone = map.TimeZone("timezone", DateTimeZone.Utc);

        var allow = new List<AllowWindow>();
        foreach (var entry in map.MapList("allow", i => $"{map.What} allow[{i}]"))
        {
            var slot = ParseAllow(entry);
            if (slot is not null) allow.Add(slot);
            entry.RejectUnknownKeys(["days", "hours"]);
        }

        var freeze = new List<FreezeWindow>();
        foreach (var entry in map.MapList("freeze", i => $"{map.What} freeze[{i}]"))
        {
            var f = ParseFreeze(entry, zone);
            if (f is not null) freeze.Add(f);
            entry.RejectUnknownKeys(["from", "to", "reason"]);
        }

        if (!map.Has("allow") && !map.Has("freeze")) context.Error(map.Position, $"{map.What}: give 'allow', 'freeze' or both");
        map.RejectUnknownKeys(s_keys);
        return new WindowCheck(new WindowOptions(new DeployCalendar(zone, allow, freeze)));
    }

    private static readonly Dictionary<string, IsoDayOfWeek> s_dayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = IsoDayOfWeek.Monday, ["monday"] = IsoDayOfWeek.Monday,
        ["tue"] = IsoDayOfWeek.Tuesday, ["tues"] = IsoDayOfWeek.Tuesday, ["tuesday"] = IsoDayOfWeek.Tuesday,
        ["wed"] = IsoDayOfWeek.Wednesday, ["wednesday"] = IsoDayOfWeek.Wednesday,
        ["thu"] = IsoDayOfWeek.Thursday, ["thur"] = IsoDayOfWeek.Thursday, ["thurs"] = IsoDayOfWeek.Thursday, ["thursday"] = IsoDayOfWeek.Thursday,
        ["fri"] = IsoDayOfWeek.Friday, ["friday"] = IsoDayOfWeek.Friday,
        ["sat"] = IsoDayOfWeek.Saturday, ["saturday"] = IsoDayOfWeek.Saturday,
        ["sun"] = IsoDayOfWeek.Sunday, ["sunday"] = IsoDayOfWeek.Sunday,
    };

    private static AllowWindow? ParseAllow(YamlMap entry)
    {
        var ok = true;
        var days = new HashSet<IsoDayOfWeek>();
        var dayItems = entry.StringListWithNodes("days");
        foreach (var (value, node) in dayItems)
        {
            var parsed = ParseDays(value);
            if (parsed is null)
            {
                entry.Context.Error(node, $"{entry.What}: '{value}' is not a day or day range (Mon..Sun, e.g. Mon-Thu or Fri-Mon)");
                ok = false;
            }
            else
            {
                days.UnionWith(parsed);
            }
        }
        if (dayItems.Count == 0) days.UnionWith(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None));

        var start = LocalTime.Midnight;
        LocalTime? end = null;
        var hoursText = "all day";
        var hoursNode = entry.Raw("hours");
        if (hoursNode is not null)
        {
            if (hoursNode is YamlScalarNode { Value: { } text } && ParseHours(text) is { } span)
            {
                (start, end) = span;
                hoursText = text.Trim();
            }
            else
            {
                entry.Context.Error(hoursNode, $"{entry.What}: 'hours' must be a span HH:MM-HH:MM (e.g. 09:00-16:30; hours 00-23, 24:00 only as an end), not '{(hoursNode as YamlScalarNode)?.Value}'");
                ok = false;
            }
        }
        if (!ok) return null;
        var dayText = dayItems.Count == 0 ? "every day" : string.Join(",", dayItems.Select(d => d.Value));
        return new AllowWindow(days, start, end, $"{dayText} {hoursText}");
    }

    internal static IReadOnlySet<IsoDayOfWeek>? ParseDays(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2) return null;
        if (!s_dayNames.TryGetValue(parts[0], out var first)) return null;
        if (parts.Length == 1) return new HashSet<IsoDayOfWeek> { first };
        if (!s_dayNames.TryGetValue(parts[1], out var last)) return null;
        var set = new HashSet<IsoDayOfWeek>();
        // Ranges wrap around the week end: Fri-Mon is Fri, Sat, Sun, Mon.
        for (var d = first; ; d = d == IsoDayOfWeek.Sunday ? IsoDayOfWeek.Monday : d + 1)
        {
            set.Add(d);
            if (d == last) break;
        }
        return set;
    }

    [GeneratedRegex(@"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex HoursPattern();

    internal static (LocalTime Start, LocalTime? End)? ParseHours(string text)
    {
        var m = HoursPattern().Match(text);
        if (!m.Success) return null;
        int Num(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        int sh = Num(1), sm = Num(2), eh = Num(3), em = Num(4);
        if (sh > 23 || sm > 59 || em > 59 || eh > 24 || (eh == 24 && em != 0)) return null;
        var start = new LocalTime(sh, sm);
        LocalTime? end = eh == 24 ? null : new LocalTime(eh, em);
        if (end == start) return null;
        if (end is null && start == LocalTime.Midnight) return (start, null);
        return (start, end);
    }

    /// <summary>Freeze-bound patterns, in a nested class so they are built only when a window rule is parsed (start-up cost).</summary>
    private static class BoundPatterns
    {
        public static readonly LocalDatePattern Date = LocalDatePattern.Iso;
        public static readonly LocalDateTimePattern[] LocalDateTimes =
        [
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss"),
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm"),
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss"),
        ];

        public static readonly OffsetDateTimePattern[] OffsetDateTimes =
        [
            OffsetDateTimePattern.Create("uuuu-MM-dd'T'HH:mmo<G>", CultureInfo.InvariantCulture, default),
            OffsetDateTimePattern.ExtendedIso,
        ];
    }

    private static FreezeWindow? ParseFreeze(YamlMap entry, DateTimeZone zone)
    {
        var from = ParseBound(entry, "from", zone, isEnd: false);
        var to = ParseBound(entry, "to", zone, isEnd: true);
        var reason = entry.String("reason");
        if (from is null || to is null) return null;
        if (to.Value.At <= from.Value.At)
        {
            entry.Error("to", $"'to' ({to.Value.Text}) must be after 'from' ({from.Value.Text})");
            return null;
        }
        return new FreezeWindow(from.Value.At, to.Value.At, reason, $"{from.Value.Text} to {to.Value.Text} {zone.Id}");
    }

    /// <summary>A freeze bound: a date is a whole day (a 'to' date includes that day), a date-time is exact.</summary>
    private static (Instant At, string Text)? ParseBound(YamlMap entry, string key, DateTimeZone zone, bool isEnd)
    {
        var node = entry.Raw(key);
        if (node is null)
        {
            entry.Error(key, $"'{key}' is required (a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM)");
            return null;
        }
        if (node is YamlScalarNode { Value: { } raw })
        {
            var text = raw.Trim();
            var date = BoundPatterns.Date.Parse(text);
            if (date.Success)
            {
                var day = isEnd ? date.Value.PlusDays(1) : date.Value;
                return (zone.AtStartOfDay(day).ToInstant(), text);
            }
            foreach (var p in BoundPatterns.LocalDateTimes)
            {
                var local = p.Parse(text);
                if (local.Success) return (zone.ResolveLocal(local.Value, DeployCalendar.FirstInstantAtOrAfter).ToInstant(), text);
            }
            foreach (var p in BoundPatterns.OffsetDateTimes)
            {
                var exact = p.Parse(text);
                if (exact.Success) return (exact.Value.ToInstant(), text);
            }
        }
        entry.Context.Error(node, $"{entry.What}: '{key}' must be a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM) or one with an offset (…+01:00 or …Z), not '{(node as YamlScalarNode)?.Value ?? YamlMap.NodeKind(node)}'");
        return null;
    }
}
