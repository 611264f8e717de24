using PipelineGuard.Model;
using PipelineGuard.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.PolicyTesting;

/// <summary>
/// A finding a test expects, matched on the rule id and, when given, the outcome and the target
/// (a resource address, a file, or <c>file:line</c>, as reports print it).
/// </summary>
public sealed record ExpectedFinding(string Rule, string? Outcome, string? Target, SourcePosition Position)
{
    public override string ToString() => $"{Rule} {Outcome ?? "*"} {Target ?? "*"}";
}

/// <summary>What a test case expects of the run.</summary>
/// <param name="Decision">pass | warn | block, or null when not checked.</param>
/// <param name="Findings">When given, exactly these findings (order does not matter): an unexpected finding fails the case.</param>
/// <param name="Includes">Findings that must be among the actual ones; others may exist.</param>
/// <param name="Excludes">Findings that must not be among the actual ones.</param>
/// <param name="Notices">Texts each of which must appear in some notice (e.g. an exception that expires soon).</param>
public sealed record PolicyTestExpectation(
    Decision? Decision,
    IReadOnlyList<ExpectedFinding>? Findings,
    IReadOnlyList<ExpectedFinding> Includes,
    IReadOnlyList<ExpectedFinding> Excludes,
    IReadOnlyList<string> Notices);

/// <summary>
/// One policy test: the inputs of a run (as <c>check</c> would be given them) and what the run must
/// decide. Paths are relative to the test file's folder.
/// </summary>
public sealed record PolicyTestCase(
    string Name,
    SourcePosition Position,
    IReadOnlyList<string> Plans,
    IReadOnlyList<string> Migrations,
    string? Context,
    string? Environment,
    string? Service,
    string? Actor,
    string? Commit,
    string? Now,
    string? Mode,
    PolicyTestExpectation Expect);

/// <summary>A test file: the policy under test and its cases.</summary>
/// <param name="Policies">Policy files or folders (relative to the test file); default the pack folder above <c>tests/</c>.</param>
public sealed record PolicyTestFile(string File, IReadOnlyList<string> Policies, IReadOnlyList<PolicyTestCase> Cases)
{
    private static readonly string[] s_topKeys = ["version", "policy", "description", "cases"];
    private static readonly string[] s_caseKeys =
        ["name", "plan", "plans", "migrations", "context", "environment", "service", "actor", "commit", "now", "mode", "expect"];
    private static readonly string[] s_expectKeys = ["decision", "findings", "includes", "excludes", "notices"];
    private static readonly Dictionary<string, Decision> s_decisions = new(StringComparer.Ordinal)
    {
        ["pass"] = Decision.Pass, ["warn"] = Decision.Warn, ["block"] = Decision.Block,
    };
    private static readonly HashSet<string> s_outcomes = new(StringComparer.Ordinal) { "block", "warn", "advisory", "waived", "overridden" };

    /// <summary>
    /// Parses a test file. Every problem is an error with file:line:column; a file with errors
    /// gives no cases (its errors fail the run instead).
    /// </summary>
    public static (PolicyTestFile? File, IReadOnlyList<PolicyError> Errors) Parse(string file, string yaml)
    {
        var context = new PolicyParseContext(file);
        YamlStream stream;
        try
        {
            stream = new YamlStream();
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return (null, [new PolicyError(new SourcePosition(file, (int)ex.Start.Line, (int)ex.Start.Column), $"not valid YAML: {ex.Message}")]);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [new PolicyError(new SourcePosition(file, 1, 1), "a policy test file is one mapping with 'version: 1' and 'cases'")]);
        }
        var top = new YamlMap(root, context, "test file");
        var version = top.Integer("version");
        if (version is null && !top.Has("version")) top.Error("version", "'version' is required (write 'version: 1')");
        else if (version is not null and not 1) top.Error("version", $"test file version {version} is not known; this pipeline-guard reads version 1");
        top.String("description");
        var policies = top.StringList("policy");
        if (!top.Has("cases")) top.Error("cases", "'cases' is required (a list of test cases)");
        var cases = new List<PolicyTestCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in top.MapList("cases", i => $"cases[{i}]"))
        {
            var parsed = ParseCase(map);
            if (parsed is null) continue;
            if (!names.Add(parsed.Name)) map.Error("name", $"another case is already named '{parsed.Name}'; case names are unique within a file");
            cases.Add(parsed);
        }
        top.RejectUnknownKeys(s_topKeys);
        if (context.Errors.Count > 0) return (null, context.Errors);
        return (new PolicyTestFile(file, policies, cases), []);
    }

    private static PolicyTestCase? ParseCase(YamlMap map)
    {
        var name = map.String("name", required: true);
        var what = name is null ? map.What : $"case '{name}'";
        var c = map.Named(what);
        var plans = c.StringList("plan").Concat(c.StringList("plans")).ToList();
        var migrations = c.StringList("migrations");
        var contextFile = c.String("context");
        var environment = c.String("environment");
        var service = c.String("service");
        var actor = c.String("actor");
        var commit = c.String("commit");
        var now = c.String("now");
        if (now is not null && !NodaTime.Text.InstantPattern.ExtendedIso.Parse(now).Success &&
            !NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(now).Success)
        {
            c.Error("now", $"'now' must be an ISO-8601 instant such as 2026-11-21T10:00:00Z, not '{now}'");
        }
        var mode = c.Word("mode", PolicyWords.Mode);
        PolicyTestExpectation? expect = null;
        if (c.Map("expect", $"{what} expect") is { } e)
        {
            expect = ParseExpect(e, what);
        }
        else
        {
            c.Error("name", "'expect' is required: the decision and/or the findings the run must give");
        }
        c.RejectUnknownKeys(s_caseKeys);
        if (name is null || expect is null) return null;
        return new PolicyTestCase(name, c.Position, plans, migrations, contextFile, environment, service, actor, commit, now,
            mode is null ? null : ContractWords.Of(mode.Value), expect);
    }

    private static PolicyTestExpectation? ParseExpect(YamlMap e, string what)
    {
        var decision = e.Word("decision", s_decisions);
        IReadOnlyList<ExpectedFinding>? findings = e.Has("findings") ? ParseFindings(e, "findings", what) : null;
        var includes = ParseFindings(e, "includes", what);
        var excludes = ParseFindings(e, "excludes", what);
        var notices = e.StringList("notices");
        e.RejectUnknownKeys(s_expectKeys);
        if (decision is null && findings is null && includes.Count == 0 && excludes.Count == 0 && notices.Count == 0)
        {
            e.Context.Error(e.Position, $"{what} expect: give at least one of decision, findings, includes, excludes, notices");
            return null;
        }
        return new PolicyTestExpectation(decision, findings, includes, excludes, notices);
    }

    private static List<ExpectedFinding> ParseFindings(YamlMap e, string key, string what)
    {
        var list = new List<ExpectedFinding>();
        foreach (var f in e.MapList(key, i => $"{what} expect {key}[{i}]"))
        {
            var rule = f.String("rule", required: true);
            var outcome = f.String("outcome");
            if (outcome is not null && !s_outcomes.Contains(outcome))
            {
                f.Error("outcome", $"'outcome' must be one of {string.Join(" | ", s_outcomes)}, not '{outcome}'");
            }
            var target = f.String("target");
            f.RejectUnknownKeys(["rule", "outcome", "target"]);
            if (rule is not null) list.Add(new ExpectedFinding(rule, outcome, target, f.Position));
        }
        return list;
    }
}
