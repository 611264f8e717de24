using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.PolicyTesting;

/// <summary>
/// A test case's verdict. <see cref="Diff"/> holds the lines a runner prints under a failure:
/// <c>-</c> expected but missing, <c>+</c> actual but not expected, <c> </c> as expected.
/// </summary>
public sealed record PolicyTestResult(PolicyTestCase Case, bool Passed, IReadOnlyList<string> Diff)
{
    /// <summary>Compares a run's evaluation with what the case expects.</summary>
    public static PolicyTestResult Compare(PolicyTestCase testCase, Evaluation evaluation)
    {
        var expect = testCase.Expect;
        var diff = new List<string>();
        var passed = true;
        if (expect.Decision is { } decision && decision != evaluation.Decision)
        {
            passed = false;
            diff.Add($"- decision: {ContractWords.Of(decision)}");
            diff.Add($"+ decision: {ContractWords.Of(evaluation.Decision)}");
        }
        var actual = evaluation.Findings.Select(f => (Finding: f, Line: Describe(f))).ToList();
        if (expect.Findings is { } exact)
        {
            var unmatched = actual.ToList();
            var lines = new List<string>();
            foreach (var expected in exact)
            {
                var match = unmatched.FindIndex(a => Matches(expected, a.Finding));
                if (match >= 0)
                {
                    lines.Add($"  {unmatched[match].Line}");
                    unmatched.RemoveAt(match);
                }
                else
                {
                    passed = false;
                    lines.Add($"- {expected}");
                }
            }
            foreach (var extra in unmatched)
            {
                passed = false;
                lines.Add($"+ {extra.Line}");
            }
            if (lines.Any(l => l[0] != ' ')) diff.AddRange(["findings:", .. lines]);
        }
        foreach (var expected in expect.Includes)
        {
            if (actual.Any(a => Matches(expected, a.Finding))) continue;
            passed = false;
            diff.Add($"- includes {expected}");
            foreach (var near in actual.Where(a => a.Finding.RuleId == expected.Rule)) diff.Add($"+ {near.Line}");
        }
        foreach (var expected in expect.Excludes)
        {
            foreach (var hit in actual.Where(a => Matches(expected, a.Finding)))
            {
                passed = false;
                diff.Add($"+ {hit.Line} (excluded by {expected})");
            }
        }
        foreach (var text in expect.Notices)
        {
            if (evaluation.Notices.Any(n => n.Message.Contains(text, StringComparison.OrdinalIgnoreCase))) continue;
            passed = false;
            diff.Add($"- notice containing '{text}'");
            foreach (var n in evaluation.Notices) diff.Add($"+ notice: {n.Message}");
        }
        return new PolicyTestResult(testCase, passed, diff);
    }

    /// <summary>A finding as a test names it: rule, outcome, target.</summary>
    public static string Describe(Finding f) => $"{f.RuleId} {ContractWords.Of(f.Outcome)} {f.Target.Describe()}";

    private static bool Matches(ExpectedFinding expected, Finding actual)
    {
        if (!expected.Rule.Equals(actual.RuleId, StringComparison.Ordinal)) return false;
        if (expected.Outcome is { } outcome && outcome != ContractWords.Of(actual.Outcome)) return false;
        if (expected.Target is { } target)
        {
            var t = actual.Target;
            var normalized = target.Replace('\\', '/');
            var candidates = new[] { t.Address, t.File?.Replace('\\', '/'), t.Describe().Replace('\\', '/'), t.Kind };
            if (!candidates.Any(c => c is not null && c.Equals(normalized, StringComparison.Ordinal))) return false;
        }
        return true;
    }
}
