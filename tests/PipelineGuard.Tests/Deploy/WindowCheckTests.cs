using PipelineGuard.Deploy.Windows;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

public class WindowCheckTests
{
    private static ICheck Window(string yaml) => ParseValid(WindowCheck.Definition, yaml);

    private static IReadOnlyList<Violation> At(ICheck check, string now) => [.. check.Evaluate(Facts(now: now))];

    private const string BerlinOfficeHours = """
        timezone: Europe/Berlin
        allow:
          - { days: [Mon-Fri], hours: "09:00-17:00" }
        """;

    [Fact]
    public void The_same_UTC_time_is_inside_Berlin_office_hours_after_the_spring_DST_switch_and_outside_before_it()
    {
        var check = Window(BerlinOfficeHours);
        // 07:30Z is 08:30 CET on Friday 27 March and 09:30 CEST on Monday 30 March (DST began Sunday 29 March).
        At(check, "2026-03-27T07:30:00Z").ShouldHaveSingleItem();
        At(check, "2026-03-30T07:30:00Z").ShouldBeEmpty();
    }

    [Fact]
    public void A_finding_before_the_European_DST_weekend_says_the_window_opens_on_Monday_at_nine_summer_time()
    {
        var violation = At(Window(BerlinOfficeHours), "2026-03-27T16:00:00Z").ShouldHaveSingleItem();
        violation.Message.ShouldContain("Fri 2026-03-27 17:00 Europe/Berlin is outside the allowed deploy windows");
        violation.Message.ShouldContain("opens next at 2026-03-30T07:00:00Z (Mon 2026-03-30 09:00 Europe/Berlin)");
        violation.Target.ShouldBe(Target.Deployment);
    }

    [Fact]
    public void A_slot_starting_inside_the_spring_forward_gap_opens_when_the_gap_ends()
    {
        var check = Window("""
            timezone: Europe/Berlin
            allow: [ { days: [Sun], hours: "02:30-04:00" } ]
            """);
        // 02:30 does not exist on 29 March 2026 in Berlin: local time jumps from 02:00 CET to 03:00 CEST (01:00Z).
        var violation = At(check, "2026-03-29T00:45:00Z").ShouldHaveSingleItem();
        violation.Message.ShouldContain("opens next at 2026-03-29T01:00:00Z (Sun 2026-03-29 03:00 Europe/Berlin)");
        At(check, "2026-03-29T01:00:00Z").ShouldBeEmpty();
        At(check, "2026-03-29T01:59:59Z").ShouldBeEmpty();
        At(check, "2026-03-29T02:00:00Z").ShouldHaveSingleItem();
    }

    [Fact]
    public void New_York_office_hours_follow_the_US_DST_switch_two_weeks_before_Europe()
    {
        var check = Window("""
            timezone: America/New_York
            allow: [ { days: [Mon-Fri], hours: "09:00-17:00" } ]
            """);
        // 13:30Z is 08:30 EST on Friday 6 March and 09:30 EDT on Monday 9 March (DST began Sunday 8 March).
        var before = At(check, "2026-03-06T13:30:00Z").ShouldHaveSingleItem();
        before.Message.ShouldContain("opens next at 2026-03-06T14:00:00Z (Fri 2026-03-06 09:00 America/New_York)");
        At(check, "2026-03-09T13:30:00Z").ShouldBeEmpty();
        var weekend = At(check, "2026-03-06T22:00:00Z").ShouldHaveSingleItem();
        weekend.Message.ShouldContain("opens next at 2026-03-09T13:00:00Z (Mon 2026-03-09 09:00 America/New_York)");
    }

    [Fact]
    public void Both_passes_of_the_repeated_hour_on_the_US_fall_back_day_are_inside_a_slot_for_that_hour()
    {
        var check = Window("""
            timezone: America/New_York
            allow: [ { days: [Sun], hours: "01:00-02:00" } ]
            """);
        // On 1 November 2026 01:00-02:00 happens twice: 05:00Z-06:00Z (EDT) and 06:00Z-07:00Z (EST).
        At(check, "2026-11-01T05:30:00Z").ShouldBeEmpty();
        At(check, "2026-11-01T06:30:00Z").ShouldBeEmpty();
        At(check, "2026-11-01T07:00:00Z").ShouldHaveSingleItem();
        At(check, "2026-11-01T04:59:00Z").ShouldHaveSingleItem();
    }

    private const string YearEndFreeze = """
        timezone: Europe/Berlin
        freeze:
          - { from: 2026-12-21, to: 2027-01-04, reason: year-end freeze }
        """;

    [Theory]
    [InlineData("2026-12-20T22:59:59Z", false)] // 23:59:59 on 20 December in Berlin
    [InlineData("2026-12-20T23:00:00Z", true)]  // midnight starting 21 December
    [InlineData("2026-12-31T23:30:00Z", true)]  // 00:30 on New Year's Day
    [InlineData("2027-01-04T22:59:59Z", true)]  // the last second of 4 January: a 'to' date is included
    [InlineData("2027-01-04T23:00:00Z", false)] // midnight starting 5 January
    public void A_freeze_by_dates_crosses_New_Year_and_includes_both_dates(string now, bool frozen)
    {
        At(Window(YearEndFreeze), now).Count.ShouldBe(frozen ? 1 : 0);
    }

    [Fact]
    public void A_freeze_finding_names_the_reason_and_when_deploys_resume()
    {
        var violation = At(Window(YearEndFreeze), "2026-12-31T23:30:00Z").ShouldHaveSingleItem();
        violation.Message.ShouldContain("Deploys are frozen at Fri 2027-01-01 00:30 Europe/Berlin: year-end freeze (2026-12-21 to 2027-01-04 Europe/Berlin)");
        violation.Message.ShouldContain("opens next at 2027-01-04T23:00:00Z (Tue 2027-01-05 00:00 Europe/Berlin)");
    }

    [Fact]
    public void When_a_freeze_ends_outside_the_allowed_hours_the_next_opening_is_the_next_allowed_slot()
    {
        var check = Window("""
            timezone: Europe/Berlin
            allow: [ { days: [Mon-Thu], hours: "09:00-16:30" } ]
            freeze: [ { from: 2026-12-21, to: 2027-01-04 } ]
            """);
        var violation = At(check, "2026-12-22T10:00:00Z").ShouldHaveSingleItem();
        // 5 January 2027 is a Tuesday; Monday the 4th is still frozen.
        violation.Message.ShouldContain("opens next at 2027-01-05T08:00:00Z (Tue 2027-01-05 09:00 Europe/Berlin)");
    }

    [Fact]
    public void A_window_ending_exactly_now_is_closed_because_ends_are_excluded()
    {
        var check = Window("""
            timezone: UTC
            allow: [ { days: [Mon-Fri], hours: "09:00-16:30" } ]
            """);
        At(check, "2026-11-24T16:29:59Z").ShouldBeEmpty();
        var violation = At(check, "2026-11-24T16:30:00Z").ShouldHaveSingleItem();
        violation.Message.ShouldContain("opens next at 2026-11-25T09:00:00Z");
        At(check, "2026-11-24T09:00:00Z").ShouldBeEmpty();
    }

    [Fact]
    public void A_freeze_ending_exactly_now_no_longer_holds()
    {
        var check = Window("""
            timezone: Europe/London
            freeze: [ { from: "2026-11-24T08:00", to: "2026-11-24T16:30", reason: database upgrade } ]
            """);
        At(check, "2026-11-24T16:29:59Z").ShouldHaveSingleItem().Message.ShouldContain("database upgrade");
        At(check, "2026-11-24T16:30:00Z").ShouldBeEmpty();
        At(check, "2026-11-24T07:59:59Z").ShouldBeEmpty();
    }

    [Fact]
    public void A_freeze_date_time_with_an_offset_is_an_exact_instant_whatever_the_rule_zone()
    {
        var check = Window("""
            timezone: Asia/Tokyo
            freeze: [ { from: "2026-11-24T10:00:00Z", to: "2026-11-24T12:00+01:00" } ]
            """);
        At(check, "2026-11-24T10:59:59Z").ShouldHaveSingleItem();
        At(check, "2026-11-24T11:00:00Z").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-11-27T12:00:00Z", true)]  // Friday
    [InlineData("2026-11-28T12:00:00Z", true)]  // Saturday
    [InlineData("2026-11-30T12:00:00Z", true)]  // Monday
    [InlineData("2026-11-25T12:00:00Z", false)] // Wednesday
    public void A_day_range_wraps_around_the_weekend(string now, bool allowed)
    {
        var check = Window("allow: [ { days: [Fri-Mon] } ]");
        At(check, now).Count.ShouldBe(allowed ? 0 : 1);
    }

    [Theory]
    [InlineData("2026-11-27T23:00:00Z", true)]  // Friday night
    [InlineData("2026-11-28T01:59:00Z", true)]  // after midnight, still Friday's slot
    [InlineData("2026-11-28T02:00:00Z", false)]
    [InlineData("2026-11-28T23:00:00Z", false)] // Saturday night is not a Friday slot
    public void An_overnight_slot_belongs_to_the_day_it_starts_on(string now, bool allowed)
    {
        var check = Window("allow: [ { days: [Fri], hours: \"22:00-02:00\" } ]");
        At(check, now).Count.ShouldBe(allowed ? 0 : 1);
    }

    [Fact]
    public void Twenty_four_hundred_ends_a_slot_at_midnight()
    {
        var check = Window("allow: [ { days: [Tue], hours: \"18:00-24:00\" } ]");
        At(check, "2026-11-24T23:59:59Z").ShouldBeEmpty();
        At(check, "2026-11-25T00:00:00Z").ShouldHaveSingleItem();
    }

    [Fact]
    public void The_tz_database_is_the_embedded_one_so_zones_resolve_without_system_tzdata()
    {
        // NodaTime ships its own TZDB; this zone must resolve even if the container has no /usr/share/zoneinfo.
        NodaTime.DateTimeZoneProviders.Tzdb.VersionId.ShouldStartWith("TZDB: ");
        Window("timezone: Pacific/Chatham\nallow: [ { days: [Mon] } ]").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("timezone: Europe/Pariss\nallow: [ { days: [Mon] } ]", 1, 11, "'Europe/Pariss' is not an IANA time zone")]
    [InlineData("allow:\n  - { days: [Mon-Thursdy] }", 2, 14, "'Mon-Thursdy' is not a day or day range")]
    [InlineData("allow:\n  - { hours: \"09:00-25:00\" }", 2, 14, "'hours' must be a span HH:MM-HH:MM")]
    [InlineData("allow:\n  - { hours: \"09:00-09:00\" }", 2, 14, "'hours' must be a span HH:MM-HH:MM")]
    [InlineData("freeze:\n  - { from: 2026-13-01, to: 2027-01-01 }", 2, 13, "'from' must be a date (YYYY-MM-DD)")]
    [InlineData("freeze:\n  - { from: 2027-01-04, to: 2026-12-21 }", 2, 29, "'to' (2026-12-21) must be after 'from' (2027-01-04)")]
    [InlineData("freeze:\n  - { to: 2026-12-21 }", 2, 5, "'from' is required")]
    [InlineData("tz: UTC\nallow: [ { days: [Mon] } ]", 1, 1, "unknown key 'tz'")]
    [InlineData("allow:\n  - { day: [Mon] }", 2, 7, "unknown key 'day' (did you mean 'days'?)")]
    [InlineData("timezone: UTC", 1, 1, "give 'allow', 'freeze' or both")]
    public void Policy_mistakes_are_errors_at_their_line_and_column(string yaml, int line, int column, string message)
    {
        var (_, errors) = Parse(WindowCheck.Definition, yaml);
        var error = errors.ShouldHaveSingleItem();
        error.Message.ShouldContain(message);
        (error.Position.File, error.Position.Line, error.Position.Column).ShouldBe(("/policies/deploy.yml", line, column));
    }

    [Fact]
    public void The_check_kind_documents_its_keys_and_its_example_parses()
    {
        WindowCheck.Info.Keys.Select(k => k.Key).ShouldBe(["timezone", "allow", "freeze"]);
        var example = new YamlDotNet.RepresentationModel.YamlStream();
        example.Load(new StringReader(WindowCheck.Info.Example));
        var rule = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)example.Documents[0].RootNode).Children[0];
        var windowNode = rule.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("window")];
        var yaml = new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(windowNode);
        Parse(WindowCheck.Definition, yaml).Errors.ShouldBeEmpty();
    }
}
