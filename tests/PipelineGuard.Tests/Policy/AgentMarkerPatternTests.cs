namespace PipelineGuard.Tests.Policy;

public class AgentMarkerPatternTests
{
    [Theory]
    [InlineData(AgentMarkerKind.Name, "Jane Doe (aider)", "aider")]
    [InlineData(AgentMarkerKind.Name, "  jane doe (AIDER)  ", "aider")]
    [InlineData(AgentMarkerKind.Name, "Jane\nDoe (aider)", "aider")]
    [InlineData(AgentMarkerKind.Email, "12345+Copilot@users.noreply.github.com", "copilot")]
    [InlineData(AgentMarkerKind.Account, "COPILOT-SWE-AGENT[BOT]", "copilot")]
    [InlineData(AgentMarkerKind.Name, "Claude", "claude")]
    public void A_marker_pattern_matches_whole_values_without_case_and_star_crosses_line_breaks(AgentMarkerKind kind, string value, string agent)
    {
        AgentMarkers.BuiltIn.AgentOf(kind, value).ShouldBe(agent);
    }

    [Theory]
    [InlineData(AgentMarkerKind.Name, "Claudette")]
    [InlineData(AgentMarkerKind.Name, "(aider) Jane")]
    [InlineData(AgentMarkerKind.Account, "copilot-swe-agentXbotX")]
    [InlineData(AgentMarkerKind.Email, "Copilot@users.noreply.github.com.evil")]
    public void A_marker_pattern_does_not_match_a_value_that_only_contains_or_resembles_it(AgentMarkerKind kind, string value)
    {
        AgentMarkers.BuiltIn.AgentOf(kind, value).ShouldBeNull();
    }

    [Fact]
    public void Dependency_bots_match_by_their_star_patterns()
    {
        var markers = AgentMarkers.BuiltIn.With([], ["acme-*-bot"]);
        markers.IsDependencyBot("acme-deps-bot").ShouldBeTrue();
        markers.IsDependencyBot("acme-deps-bot-not").ShouldBeFalse();
    }

    [Fact]
    public void A_long_hostile_value_against_a_many_star_pattern_answers_at_once()
    {
        var markers = new AgentMarkers([new AgentMarker(AgentMarkerKind.Name, string.Concat(Enumerable.Repeat("*a", 20)) + "*b", "x")], []);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        markers.AgentOf(AgentMarkerKind.Name, new string('a', 50_000)).ShouldBeNull();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }
}
