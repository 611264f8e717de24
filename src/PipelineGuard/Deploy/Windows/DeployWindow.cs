using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace PipelineGuard.Deploy.Windows;

/// <summary>
/// A weekly allowed slot in local time: the days it starts on and a half-open span of the day
/// (<c>09:00-16:30</c> includes 09:00 and excludes 16:30). A span whose end is before its start
/// runs overnight into the next day.
/// </summary>
public sealed record AllowWindow(IReadOnlySet<IsoDayOfWeek> Days, LocalTime Start, LocalTime? End, string Text)
{
    /// <summary>True when the local date-time falls in this slot.</summary>
    public bool Contains(LocalDateTime local)
    {
        var day = local.DayOfWeek;
        var time = local.TimeOfDay;
        if (End is not { } end) return Days.Contains(day) && time >= Start;
        if (Start < end) return Days.Contains(day) && time >= Start && time < end;
        // Overnight: the part after midnight belongs to the day the slot started on.
        return (Days.Contains(day) && time >= Start) || (Days.Contains(Previous(day)) && time < end);
    }

    private static IsoDayOfWeek Previous(IsoDayOfWeek day) => day == IsoDayOfWeek.Monday ? IsoDayOfWeek.Sunday : day - 1;
}

/// <summary>A freeze between two instants, half-open: it starts at <see cref="From"/> and is over at <see cref="To"/>.</summary>
public sealed record FreezeWindow(Instant From, Instant To, string? Reason, string Text)
{
    public bool Contains(Instant now) => From <= now && now < To;
}

/// <summary>
/// The weekly allow slots and freezes of one <c>window</c> rule, in one IANA zone. All local
/// arithmetic happens in that zone, so DST changes move instants, never the meaning of "09:00".
/// </summary>
public sealed record DeployCalendar(DateTimeZone Zone, IReadOnlyList<AllowWindow> Allow, IReadOnlyList<FreezeWindow> Freeze)
{
    /// <summary>How far ahead <see cref="NextOpening"/> looks before it gives up.</summary>
    public const int SearchDays = 800;

    private static readonly LocalDateTimePattern s_localPattern = LocalDateTimePattern.CreateWithInvariantCulture("ddd uuuu-MM-dd HH:mm");

    /// <summary>
    /// Local times are resolved to the first instant whose local time is at or after them: a time
    /// skipped by a DST gap (02:30 on spring-forward day) becomes the end of the gap (03:00), and a
    /// repeated time (fall-back) its first occurrence.
    /// </summary>
    public static ZoneLocalMappingResolver FirstInstantAtOrAfter { get; } =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public bool IsOpen(Instant now)
    {
        foreach (var f in Freeze)
        {
            if (f.Contains(now)) return false;
        }
        if (Allow.Count == 0) return true;
        var local = now.InZone(Zone).LocalDateTime;
        return Allow.Any(a => a.Contains(local));
    }

    /// <summary>The first instant after <paramref name="now"/> at which deploys are allowed, or null within <see cref="SearchDays"/>.</summary>
    public Instant? NextOpening(Instant now)
    {
        // An opening is always an allow slot starting or a freeze ending, so only those instants need testing.
        var candidates = new List<Instant>();
        foreach (var f in Freeze)
        {
            if (f.To > now) candidates.Add(f.To);
        }
        if (Allow.Count > 0)
        {
            var firstDay = now.InZone(Zone).Date.PlusDays(-1);
            for (var i = 0; i <= SearchDays; i++)
            {
                var date = firstDay.PlusDays(i);
                foreach (var a in Allow)
                {
                    if (!a.Days.Contains(date.DayOfWeek)) continue;
                    var at = Zone.ResolveLocal(date + a.Start, FirstInstantAtOrAfter).ToInstant();
                    if (at > now) candidates.Add(at);
                }
            }
        }
        candidates.Sort();
        foreach (var at in candidates)
        {
            if (IsOpen(at)) return at;
        }
        return null;
    }

    /// <summary>"Mon 2026-03-30 09:00 Europe/Berlin" — a local time for messages.</summary>
    public string Describe(Instant at) =>
        s_localPattern.Format(at.InZone(Zone).LocalDateTime) + " " + Zone.Id;

    /// <summary>An instant as ISO-8601 UTC for messages and reports.</summary>
    public static string Utc(Instant at) => InstantPattern.General.Format(at);
}
