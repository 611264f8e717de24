using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using PipelineGuard.Deploy.Windows;
using PipelineGuard.Sql;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reliability;

/// <summary>
/// Properties that hold for every input, checked on random ones (bounded case counts so the suite stays fast).
/// </summary>
public class PropertyTests
{
    /// <summary>Case counts per property; each property runs in a second or two.</summary>
    public const int LexerCases = 3000;
    public const int PlanCases = 2000;
    public const int PathCases = 2000;
    public const int WindowCases = 300;

    private static Config Bounded(int cases) => Config.QuickThrowOnFailure.WithMaxTest(cases);

    // Fragments that open and close every construct the lexers know, plus plain and unusual characters.
    private static readonly string[] s_sqlFragments =
    [
        "select", " ", "  ", "\t", "\n", "\r\n", "\r", ";", "'", "''", "\"", "\"\"", "--", "-", "/*", "*/", "/", "*", "$$", "$tag$", "$", "tag",
        "E'", "\\", "\\'", "[", "]", "`", "0", "1.5", ".5", "1e10", "0x1F", "@v", "@@x", "#t", "go", "GO", "GO 2", "delimiter", "DELIMITER $$", "//",
        "é", "日本", "\uFEFF", "\u00A0", "\u2028", "\0", "\uD800", "x", "_", "(", ")", ",", ":", "::", "=",
    ];

    private static Gen<string> SqlText() =>
        Gen.Elements(s_sqlFragments).ListOf().Select(parts => string.Concat(parts));

    private static readonly SqlDialect[] s_dialectsWithoutMarkers = [SqlDialect.Postgres, SqlDialect.SqlServer, SqlDialect.Sqlite];

    [Fact]
    public void The_SQL_lexer_accounts_for_every_character_with_monotonic_positions_on_any_input()
    {
        var cases = Gen.Elements(s_dialectsWithoutMarkers).SelectMany(_ => SqlText(), (dialect, text) => (dialect, text));
        Check.One(Bounded(LexerCases), Prop.ForAll(cases.ToArbitrary(), c => LexerAccountsForEverything(c.text, c.dialect)));
    }

    [Fact]
    public void The_SQL_lexer_terminates_on_any_MySQL_input()
    {
        // MySQL drops the markers of /*!NNNNN versioned comments, so only termination and order are checked there.
        Check.One(Bounded(LexerCases), Prop.ForAll(SqlText().ToArbitrary(), text =>
        {
            var tokens = TokenizeOrNull(text, SqlDialect.MySql);
            return tokens is null || InOrder(tokens);
        }));
    }

    [Fact]
    public void A_MySQL_string_that_ends_in_a_backslash_is_unterminated_not_a_crash()
    {
        // Found by the property above: the escape skipped past the end of the text (ArgumentOutOfRangeException).
        Should.Throw<SqlSyntaxException>(() => SqlLexer.Tokenize("//E'\\", SqlLexerOptions.For(SqlDialect.MySql))).Problem.ShouldBe("unterminated string literal");
    }

    private static SqlTokenList? TokenizeOrNull(string text, SqlDialect dialect)
    {
        try
        {
            return SqlLexer.Tokenize(text, SqlLexerOptions.For(dialect));
        }
        catch (SqlSyntaxException)
        {
            // An unterminated string or comment is a reported syntax error, which the collector turns into a finding.
            return null;
        }
    }

    private static bool InOrder(SqlTokenList tokens)
    {
        var all = tokens.Code.Concat(tokens.Comments).OrderBy(t => t.Start).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (t.Length <= 0 || t.Start < 0 || t.End > tokens.Text.Length) return false;
            if (i > 0 && (t.Start < all[i - 1].End || t.Line < all[i - 1].Line)) return false;
        }
        for (var i = 1; i < tokens.Code.Count; i++)
        {
            if (tokens.Code[i].Start <= tokens.Code[i - 1].Start) return false;
        }
        return true;
    }

    private static bool LexerAccountsForEverything(string text, SqlDialect dialect)
    {
        var tokens = TokenizeOrNull(text, dialect);
        if (tokens is null) return true;
        if (!InOrder(tokens)) return false;
        var all = tokens.Code.Concat(tokens.Comments).OrderBy(t => t.Start).ToList();
        // Round trip: the tokens' text with the white space between them is the input, character for character.
        var rebuilt = new StringBuilder(text.Length);
        var at = 0;
        foreach (var t in all)
        {
            var gap = text.AsSpan(at, t.Start - at);
            foreach (var ch in gap)
            {
                if (!(char.IsWhiteSpace(ch) || ch == '\uFEFF')) return false;
            }
            rebuilt.Append(gap).Append(tokens.Span(t));
            at = t.End;
        }
        foreach (var ch in text.AsSpan(at))
        {
            if (!(char.IsWhiteSpace(ch) || ch == '\uFEFF')) return false;
        }
        rebuilt.Append(text.AsSpan(at));
        if (rebuilt.ToString() != text) return false;
        // Line and column of every token agree with a count of the newlines before it.
        foreach (var t in all)
        {
            var before = text.AsSpan(0, t.Start);
            var line = before.Count('\n') + 1;
            var column = t.Start - (before.LastIndexOf('\n') + 1) + 1;
            if (t.Line != line || t.Column != column) return false;
        }
        return true;
    }

    // ---- plan reader: any bytes give a plan or an InputException ----

    private static readonly string s_validPlan = Build.PlanJson(
        Build.Change("aws_db_instance.main", "[\"delete\",\"create\"]", before: "{\"engine\":\"postgres\",\"tags\":{\"a\":\"b\"}}",
            after: "{\"engine\":\"mysql\",\"password\":\"x\",\"tags\":{\"a\":\"c\"},\"ingress\":[{\"cidr_blocks\":[\"0.0.0.0/0\"]}]}",
            afterSensitive: "{\"password\":true}", afterUnknown: "{\"id\":true}"),
        Build.Change("aws_s3_bucket.logs", "[\"no-op\"]", before: "{\"bucket\":\"logs\"}", after: "{\"bucket\":\"logs\"}"));

    private static readonly string[] s_jsonFragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"address\"", "\"change\"", "\"actions\"", "\"delete\"", "\"type\"", "\"format_version\"",
        "\"1.2\"", "\"resource_changes\"", "null", "true", "false", "0", "-1", "1e400", "1.5", "\\", "\\u0000", "\\ud800", "\n", " ", "\uFEFF", "é",
        "\"after\"", "\"before\"", "\"after_unknown\"", "\"after_sensitive\"", "{}", "[]", "\"@json\"", "\"{\\\"a\\\":1}\"",
    ];

    /// <summary>The valid plan with a few random cuts, insertions and replacements.</summary>
    private static Gen<string> MutatedPlan() =>
        from edits in Gen.Choose(1, 4)
        from positions in Gen.Choose(0, s_validPlan.Length).ArrayOf(edits)
        from kinds in Gen.Choose(0, 2).ArrayOf(edits)
        from fragments in Gen.Elements(s_jsonFragments).ArrayOf(edits)
        select Mutate(s_validPlan, positions, kinds, fragments);

    private static string Mutate(string text, int[] positions, int[] kinds, string[] fragments)
    {
        var sb = new StringBuilder(text);
        for (var i = 0; i < positions.Length; i++)
        {
            var p = Math.Min(positions[i], sb.Length);
            switch (kinds[i])
            {
                case 0: sb.Remove(p, Math.Min(sb.Length - p, fragments[i].Length)); break;
                case 1: sb.Insert(p, fragments[i]); break;
                default:
                    sb.Remove(p, Math.Min(sb.Length - p, 1));
                    sb.Insert(p, fragments[i]);
                    break;
            }
        }
        return sb.ToString();
    }

    private static readonly PlanProjection s_projection = Build.ProjectionOf(Build.Policy("""
        version: 1
        rules:
          - id: probes
            severity: high
            enforcement: block
            terraform:
              attributes:
                - { path: engine, changed_from: postgres }
                - { path: password, exists: true }
                - { path: "tags.*", matches: "^c$" }
                - { path: "ingress.*.cidr_blocks.*", contains: "0.0.0.0/0" }
                - { path: "policy.@json.Statement.*.Effect", equals: Allow }
        """));

    private static bool ReadsOrRefuses(byte[] bytes)
    {
        try
        {
            PlanReader.Read(new MemoryStream(bytes), "plan.json", s_projection);
            return true;
        }
        catch (InputException)
        {
            return true;
        }
    }

    [Fact]
    public void The_plan_reader_returns_a_plan_or_an_input_error_for_any_mutation_of_a_plan()
    {
        ReadsOrRefuses(Encoding.UTF8.GetBytes(s_validPlan)).ShouldBeTrue();
        Check.One(Bounded(PlanCases), Prop.ForAll(MutatedPlan().ToArbitrary(), text => ReadsOrRefuses(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void The_plan_reader_returns_a_plan_or_an_input_error_for_any_bytes()
    {
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        Check.One(Bounded(PlanCases), Prop.ForAll(bytes.ToArbitrary(), ReadsOrRefuses));
    }

    // ---- attribute paths against a plain recursive reference ----

    private static readonly string[] s_keys = ["a", "b", "0", "1", "tags"];

    private static Gen<PlanValue> Value(int depth) =>
        depth == 0
            ? Gen.Elements(PlanValueKind.String, PlanValueKind.Number, PlanValueKind.Null, PlanValueKind.Unknown).SelectMany(_ => Gen.Choose(0, 9), Scalar)
            : Gen.Choose(0, 3).SelectMany(shape => shape switch
            {
                0 => Value(0),
                1 => Gen.Choose(0, 3).SelectMany(n => Value(depth - 1).ListOf(n)).Select(items => new PlanValue(PlanValueKind.List, null, false, items)),
                _ => Gen.SubListOf(s_keys).SelectMany(keys => Value(depth - 1).ArrayOf(keys.Count),
                    (keys, values) => new PlanValue(PlanValueKind.Map, null, false,
                        properties: keys.Zip(values).ToDictionary(kv => kv.First, kv => kv.Second, StringComparer.Ordinal))),
            });

    private static PlanValue Scalar(PlanValueKind kind, int n) => kind switch
    {
        PlanValueKind.Unknown => PlanValue.Unknown,
        PlanValueKind.Null => new PlanValue(PlanValueKind.Null, null, false),
        _ => new PlanValue(kind, n.ToString(System.Globalization.CultureInfo.InvariantCulture), false),
    };

    private static Gen<string> PathText() =>
        Gen.Elements(s_keys.Append("*").Append("2").ToArray()).NonEmptyListOf().Select(s => string.Join('.', s.Take(4)));

    /// <summary>The contract's words: names select keys, numbers list items, * every item or map value; an unknown value stands for whatever it hides.</summary>
    private static void Reference(PlanValue value, string[] segments, int step, List<PlanValue> into)
    {
        if (value.Kind == PlanValueKind.Unknown || step == segments.Length)
        {
            into.Add(value);
            return;
        }
        var segment = segments[step];
        if (segment == "*")
        {
            var children = value.Kind == PlanValueKind.Map ? value.Properties.Values.ToList() : value.Kind == PlanValueKind.List ? value.Items.ToList() : [];
            foreach (var child in children) Reference(child, segments, step + 1, into);
        }
        else if (value.Kind == PlanValueKind.Map)
        {
            if (value.Properties.TryGetValue(segment, out var child)) Reference(child, segments, step + 1, into);
        }
        else if (value.Kind == PlanValueKind.List && segment.All(char.IsAsciiDigit) && int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture) is var i && i < value.Items.Count)
        {
            Reference(value.Items[i], segments, step + 1, into);
        }
    }

    [Fact]
    public void Attribute_paths_select_what_a_plain_recursive_reference_selects()
    {
        var cases = Value(3).SelectMany(_ => PathText(), (value, path) => (value, path));
        Check.One(Bounded(PathCases), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var expected = new List<PlanValue>();
            Reference(c.value, c.path.Split('.'), 0, expected);
            var actual = AttributePath.Parse(c.path).Select(c.value);
            return actual.Count == expected.Count && actual.Zip(expected).All(p => ReferenceEquals(p.First, p.Second));
        }));
    }

    // ---- deploy windows against minute-by-minute arithmetic ----

    private static readonly string[] s_zones =
        ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC", "America/Santiago", "Europe/London"];

    private static readonly Instant s_epoch = Instant.FromUtc(2026, 1, 1, 0, 0);

    private static Gen<AllowWindow> Allow() =>
        from days in Gen.SubListOf(Enumerable.Range(1, 7).ToArray())
        from start in Gen.Choose(0, 95)
        from end in Gen.Choose(-1, 95)
        select new AllowWindow(days.Select(d => (IsoDayOfWeek)d).ToHashSet(), LocalTime.Midnight.PlusMinutes(start * 15),
            end < 0 ? null : LocalTime.Midnight.PlusMinutes(end * 15), "generated");

    private static Gen<FreezeWindow> Freeze() =>
        from start in Gen.Choose(0, 3 * 366 * 24 * 4)
        from length in Gen.Choose(0, 4 * 24 * 4)
        select new FreezeWindow(s_epoch + Duration.FromMinutes(start * 15L), s_epoch + Duration.FromMinutes((start + length) * 15L), "generated", "generated");

    private static Gen<(DeployCalendar Calendar, Instant Now)> Calendars() =>
        from zone in Gen.Elements(s_zones)
        from allowCount in Gen.Choose(0, 2)
        from allow in Allow().ListOf(allowCount)
        from freezeCount in Gen.Choose(0, 2)
        from freeze in Freeze().ListOf(freezeCount)
        from minute in Gen.Choose(0, 3 * 366 * 24 * 60)
        select (new DeployCalendar(DateTimeZoneProviders.Tzdb[zone], allow.ToList(), freeze.ToList()), s_epoch + Duration.FromMinutes(minute));

    /// <summary>Open by arithmetic on minutes of the local week, with the zone's offset at that instant.</summary>
    private static bool ReferenceOpen(DeployCalendar calendar, Instant at)
    {
        if (calendar.Freeze.Any(f => f.From <= at && at < f.To)) return false;
        if (calendar.Allow.Count == 0) return true;
        var local = (at + Duration.FromSeconds(calendar.Zone.GetUtcOffset(at).Seconds)).InUtc();
        var day = (int)local.DayOfWeek;
        var minute = local.Hour * 60 + local.Minute;
        foreach (var a in calendar.Allow)
        {
            var start = a.Start.Hour * 60 + a.Start.Minute;
            var end = a.End is { } e ? e.Hour * 60 + e.Minute : 24 * 60;
            var yesterday = day == 1 ? 7 : day - 1;
            if (start < end && a.Days.Contains((IsoDayOfWeek)day) && minute >= start && minute < end) return true;
            if (start >= end && ((a.Days.Contains((IsoDayOfWeek)day) && minute >= start) || (a.Days.Contains((IsoDayOfWeek)yesterday) && minute < end))) return true;
        }
        return false;
    }

    [Fact]
    public void A_deploy_window_is_open_exactly_when_minute_arithmetic_says_so()
    {
        Check.One(Bounded(WindowCases * 10), Prop.ForAll(Calendars().ToArbitrary(), c => c.Calendar.IsOpen(c.Now) == ReferenceOpen(c.Calendar, c.Now)));
    }

    [Fact]
    public void The_next_opening_is_the_first_open_minute_found_by_scanning()
    {
        Check.One(Bounded(WindowCases), Prop.ForAll(Calendars().ToArbitrary(), c =>
        {
            if (ReferenceOpen(c.Calendar, c.Now)) return true;
            var next = c.Calendar.NextOpening(c.Now);
            for (var minute = 1; minute <= 9 * 24 * 60; minute++)
            {
                var at = c.Now + Duration.FromMinutes(minute);
                if (ReferenceOpen(c.Calendar, at)) return next == at;
            }
            return next is null || next > c.Now + Duration.FromDays(9);
        }));
    }
}
