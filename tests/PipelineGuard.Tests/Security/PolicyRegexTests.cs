using System.Diagnostics;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>Policy regexes run in linear time; a pattern the engine cannot run is a policy error, never a match.</summary>
public class PolicyRegexTests
{
    private static IReadOnlyList<Finding> Run(string condition, string after)
    {
        var policy = Build.Policy("version: 1\nrules:\n  - id: r\n    terraform:\n      attributes: [" + condition + "]\n");
        return Build.Evaluate(policy, plans: Build.Plan(Build.PlanJson(Build.Change("aws_s3_bucket.logs", """["create"]""", null, after)), policy)).Findings;
    }

    [Fact]
    public void A_catastrophic_backtracking_pattern_does_not_match_a_value_it_does_not_match()
    {
        // (a+)+$ against a's and a final '!' backtracks exponentially; the old engine timed out and counted that as a match.
        var value = new string('a', 5_000) + "!";
        var clock = Stopwatch.StartNew();
        var findings = Run("{ path: bucket, matches: \"^(a+)+$\" }", $$"""{"bucket":"{{value}}"}""");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        findings.ShouldBeEmpty();
    }

    [Fact]
    public void The_same_pattern_still_matches_what_it_describes()
    {
        Run("{ path: bucket, matches: \"^(a+)+$\" }", """{"bucket":"aaaa"}""").ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("(a)\\\\1", "backreferences")]
    [InlineData("(?=a)a", "lookarounds")]
    [InlineData("(?>a+)b", "atomic groups")]
    public void A_pattern_the_linear_engine_cannot_run_is_a_policy_error_naming_the_key(string pattern, string construct)
    {
        var errors = Build.PolicyErrors("version: 1\nrules:\n  - id: r\n    terraform:\n      attributes: [{ path: bucket, matches: \"" + pattern + "\" }]\n");
        var error = errors.ShouldHaveSingleItem().ToString();
        error.ShouldContain("'matches' uses a construct the linear-time regex engine does not run");
        error.ShouldContain(construct);
    }

    [Fact]
    public void An_invalid_pattern_is_a_policy_error()
    {
        Build.PolicyErrors("version: 1\nrules:\n  - id: r\n    terraform:\n      attributes: [{ path: bucket, matches: \"(unclosed\" }]\n")
            .ShouldHaveSingleItem().ToString().ShouldContain("is not a valid regular expression");
    }
}
