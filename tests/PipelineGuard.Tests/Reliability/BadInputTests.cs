using System.Diagnostics;
using System.Text;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reliability;

/// <summary>
/// Hostile and broken inputs through the real CLI: each is refused with exit code 2 and a message naming
/// the file (and line/column where there is one) and what is wrong; none crashes, hangs or passes.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _workspace = new("pg-bad-");

    /// <summary>One row: what to write into the workspace, the command line, and the text the error must hold.</summary>
    private sealed record Row(Func<TempFolder, string[]> Arrange, Func<TempFolder, string> Expected);

    private const string PlanHead = "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",";

    private static readonly string s_policyRegexSize = """
        version: 1
        rules:
          - id: bucket-name
            severity: high
            enforcement: block
            terraform:
              resource_types: ["aws_s3_bucket"]
              attributes:
                - { path: bucket, matches: "^(a+)+$" }
        """;

    private static string[] Plan(TempFolder w, byte[] bytes)
    {
        File.WriteAllBytes(w.File("plan.json"), bytes);
        return ["check", "--plan", "plan.json", "--environment", "production"];
    }

    private static string[] Plan(TempFolder w, string text) => Plan(w, Encoding.UTF8.GetBytes(text));

    private static string[] Policy(TempFolder w, byte[] bytes)
    {
        File.WriteAllBytes(w.File("policy.yml"), bytes);
        return ["validate", "policy.yml"];
    }

    private static string[] Policy(TempFolder w, string text) => Policy(w, Encoding.UTF8.GetBytes(text));

    private static string[] Context(TempFolder w, byte[] bytes)
    {
        File.WriteAllBytes(w.File("ctx.json"), bytes);
        return ["check", "--context", "ctx.json", "--now", "2026-11-21T10:00:00Z"];
    }

    private static string[] Context(TempFolder w, string text) => Context(w, Encoding.UTF8.GetBytes(text));

    private static string[] Migration(TempFolder w, string name, byte[] bytes)
    {
        Directory.CreateDirectory(w.File("db"));
        File.WriteAllBytes(w.File("db", name), bytes);
        return ["check", "--migrations", "db"];
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p)];

    private static readonly Dictionary<string, Row> s_rows = new(StringComparer.Ordinal)
    {
        ["plan truncated inside a value"] = new(w => Plan(w, PlanHead + "\"resource_changes\":[{\"address\":"),
            _ => "plan.json:1:84: the plan ends before its JSON is complete (truncated file?)"),
        ["plan truncated between values"] = new(w => Plan(w, PlanHead + "\"resource_changes\":["),
            _ => "plan.json:1:73: the plan ends before its JSON is complete (truncated file?)"),
        ["plan nested 5000 deep"] = new(w => Plan(w, PlanHead + "\"planned_values\":" + new string('[', 5000) + new string(']', 5000) + "}"),
            _ => "plan.json:1:325: not valid JSON: The maximum configured depth of 256 has been exceeded. Cannot read next JSON array."),
        ["plan with a duplicate top-level key"] = new(w => Plan(w, PlanHead + "\"resource_changes\":[],\n\"resource_changes\":[]}"),
            _ => "plan.json:2: the key \"resource_changes\" appears twice at the top level"),
        ["plan with a duplicate key in a resource change"] = new(w => Plan(w, PlanHead + "\"resource_changes\":[\n{\"address\":\"a.b\",\"address\":\"a.c\",\"type\":\"a\",\"change\":{\"actions\":[\"create\"]}}]}"),
            _ => "plan.json:2: a resource change has the key \"address\" twice"),
        ["plan with a format_version out of range"] = new(w => Plan(w, "{\"format_version\":\"99999999999999999999.0\",\"resource_changes\":[]}"),
            _ => "plan.json: format_version \"99999999999999999999.0\" is a major version this pipeline-guard does not read"),
        ["plan with 10 million characters on one line, truncated"] = new(w => Plan(w, PlanHead + "\"planned_values\":{\"x\":\"" + new string('a', 10_000_000) + "\"},\"resource_changes\":[]"),
            _ => "plan.json:1:10000100: the plan ends before its JSON is complete (truncated file?)"),
        ["plan that is a binary file"] = new(w => Plan(w, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256))]),
            _ => "plan.json:1: not valid UTF-8 (invalid byte sequence at byte offset 1); a plan in JSON form is UTF-8 text"),
        ["plan with invalid UTF-8 in a value that is read"] = new(w => Plan(w, Bytes("{\"format_version\":\"1.2\",\"terraform_version\":\"", new byte[] { 0xFF, 0xFE }, "\",\"resource_changes\":[]}")),
            _ => "plan.json:1: not valid UTF-8 (invalid byte sequence at byte offset 45)"),
        ["plan with invalid UTF-8 in a value that is skipped"] = new(w => Plan(w, Bytes(PlanHead, "\n\"planned_values\":{\"x\":\"", new byte[] { 0xC3, 0x28 }, "\"},\"resource_changes\":[]}")),
            _ => "plan.json:2: not valid UTF-8 (invalid byte sequence at byte offset 76)"),
        ["plan cut inside a UTF-8 sequence"] = new(w => Plan(w, Bytes(PlanHead, "\"resource_changes\":[]}\n", new byte[] { 0xE2, 0x82 })),
            _ => "plan.json:2: not valid UTF-8 (invalid byte sequence at byte offset 77)"),
        ["plan with a lone surrogate escape"] = new(w => Plan(w, "{\"format_version\":\"1.2\",\n\"terraform_version\":\"\\ud800\",\"resource_changes\":[]}"),
            _ => "plan.json:2: not valid JSON text: Cannot read incomplete UTF-16 JSON text as string with missing low surrogate."),
        ["plan with a BOM and CRLF line ends keeps its line numbers"] = new(w => Plan(w, Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "{\r\n\"format_version\":\"1.2\",\r\n\"resource_changes\":[\r\n{\"address\":\"a.b\",\"change\":{\"actions\":[\"create\"]}}]}")),
            _ => "plan.json:4: the resource change a.b has no \"type\""),
        ["plan that is a folder"] = new(w =>
            {
                Directory.CreateDirectory(w.File("plan.json"));
                return ["check", "--plan", "plan.json"];
            },
            _ => "plan.json: is a folder, not a plan"),
        ["plan that does not exist"] = new(_ => ["check", "--plan", "missing.json"],
            _ => "missing.json: the plan does not exist"),
        ["policy alias bomb"] = new(w => Policy(w, "version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" +
                string.Concat(Enumerable.Range(1, 8).Select(i => $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")) + "rules: []\n"),
            _ => "policy.yml:1:1: the policy expands to more than 100000 nodes through YAML aliases (an alias bomb?); refusing it"),
        ["policy nested a million deep"] = new(w => Policy(w, "version: 1\nrules: " + new string('[', 1_000_000) + new string(']', 1_000_000) + "\n"),
            _ => "policy.yml:2:71: the policy nests lists and maps more than 64 levels deep; refusing it"),
        ["policy with invalid UTF-8"] = new(w => Policy(w, Bytes("version: 1\nrules:\n  - id: ", new byte[] { 0xC0, 0xAF }, "\n")),
            _ => "policy.yml:3:1: the policy file is not valid UTF-8"),
        ["policy with a lone surrogate escape"] = new(w => Policy(w, "version: 1\nrules:\n  - id: \"\\ud800\"\n"),
            _ => "policy.yml:3:9: not valid YAML: While scanning a quoted scalar, found invalid Unicode surrogates."),
        ["policy with a BOM and CRLF line ends keeps its line numbers"] = new(w => Policy(w, Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "version: 1\r\nrules:\r\n  - id: Bad_Id\r\n")),
            _ => "policy.yml:3:9: rules[0]: rule id 'Bad_Id' must be lower-case letters, digits and single dashes"),
        ["policy on which the YAML scanner gives up (fuzz find)"] = new(w => Policy(w, File.ReadAllBytes(Path.Combine(FuzzTests.RegressionFolder, "policy-94e91b84b7a8.yml"))),
            _ => "policy.yml:105:70: not valid YAML: the YAML reader stopped after this point (Operation is not valid due to the current state of the object.)"),
        ["policy on which the YAML node loader gives up (fuzz find)"] = new(w => Policy(w, File.ReadAllBytes(Path.Combine(FuzzTests.RegressionFolder, "policy-705209d3d947.yml"))),
            _ => "policy.yml:28:9: not valid YAML: the YAML reader stopped after this point (The current event is of an unsupported type. (Parameter 'parser'))"),
        ["policy with an invalid regex"] = new(w => Policy(w, s_policyRegexSize.Replace("^(a+)+$", "((", StringComparison.Ordinal)),
            _ => "'matches' is not a valid regular expression"),
        ["policy glob that climbs out of the workspace"] = new(w => Policy(w, """
                version: 1
                rules:
                  - id: no-drop
                    severity: high
                    enforcement: block
                    sql:
                      paths: ["../other-repo/**/*.sql"]
                      forbid: [drop-table]
                """),
            _ => "glob '../other-repo/**/*.sql' climbs out of the workspace with '..'"),
        ["policy exception target that climbs out of the workspace"] = new(w => Policy(w, """
                version: 1
                rules:
                  - id: no-drop
                    severity: high
                    enforcement: block
                    sql:
                      forbid: [drop-table]
                    exceptions:
                      - targets: ["db/../../elsewhere/*.sql"]
                        reason: test
                        expires: 2027-01-31
                """),
            _ => "glob 'db/../../elsewhere/*.sql' climbs out of the workspace with '..'"),
        ["context with a number for a string"] = new(w => Context(w, "{\"environment\": 5}"),
            _ => "ctx.json:1:17: 'environment' must be a string, not a number"),
        ["context with an object for a list"] = new(w => Context(w, "{\"pullRequest\": {\n  \"approvals\": {\"user\": \"bob\"}}}"),
            _ => "ctx.json:2:16: 'pullRequest.approvals' must be an array, not an object"),
        ["context with a number out of range"] = new(w => Context(w, "{\"pullRequest\":{\"number\": 1e400}}"),
            _ => "ctx.json:1:27: 'pullRequest.number' must be a positive whole number, not a number 1e400"),
        ["context with a duplicate key"] = new(w => Context(w, "{\"environment\": \"staging\",\n \"environment\": \"production\"}"),
            _ => "ctx.json:2:2: key 'environment' is given twice in the context"),
        ["context nested 100000 deep"] = new(w => Context(w, new string('[', 100_000) + new string(']', 100_000)),
            _ => "ctx.json:1:65: malformed JSON: The maximum configured depth of 64 has been exceeded."),
        ["context with invalid UTF-8"] = new(w => Context(w, Bytes("{\"environment\":\n  \"", new byte[] { 0xFF }, "\"}")),
            _ => "ctx.json:2:4: not valid UTF-8 (invalid byte 0xFF); JSON is UTF-8 text"),
        ["context with a lone surrogate escape"] = new(w => Context(w, "{\"actor\": \"\\udc00\"}"),
            _ => "ctx.json:1:11: malformed JSON: Cannot read invalid UTF-16 JSON text as string."),
        ["context that is truncated"] = new(w => Context(w, "{\"environment\": \"prod"),
            _ => "ctx.json:1:22: malformed JSON: Expected end of string, but instead reached end of data."),
        ["context that is a folder"] = new(w =>
            {
                Directory.CreateDirectory(w.File("ctx.json"));
                return ["check", "--context", "ctx.json"];
            },
            _ => "ctx.json: is a folder, not a context file"),
        ["migration that is a binary file"] = new(w => Migration(w, "V1__init.sql", Bytes("create table t (id int);\n", new byte[] { 0, 1, 2 })),
            _ => "db/V1__init.sql:2: is a binary file (it contains NUL bytes), not SQL text"),
        ["migration with invalid UTF-8"] = new(w => Migration(w, "V1__init.sql", Bytes("select 1;\n", new byte[] { 0xFF })),
            _ => "db/V1__init.sql:2: is not valid UTF-8 (invalid byte 0xFF at byte offset 10)"),
        ["migration link that leads outside the workspace"] = new(w =>
            {
                var outside = Path.Combine(Path.GetTempPath(), $"pg-outside-{Guid.NewGuid():N}.sql");
                File.WriteAllText(outside, "drop table secrets;\n");
                Directory.CreateDirectory(w.File("db"));
                File.CreateSymbolicLink(w.File("db", "V1__init.sql"), outside);
                return ["check", "--migrations", "db"];
            },
            _ => "db/V1__init.sql: is a symbolic link that leads outside the workspace; refusing to read it"),
        ["migration folder behind a link"] = new(w =>
            {
                w.Write("real/V1__init.sql", "drop table users;\n");
                Directory.CreateDirectory(w.File("db"));
                Directory.CreateSymbolicLink(w.File("db", "linked"), w.File("real"));
                return ["check", "--migrations", "db"];
            },
            w => $"db/linked: is a symbolic link to the folder '{w.File("real")}', which is not searched"),
        ["migration path that does not exist"] = new(_ => ["check", "--migrations", "../nowhere"],
            _ => "../nowhere: no such migration file or folder"),
    };

    public static TheoryData<string> Rows => [.. s_rows.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_bad_input_is_refused_with_exit_code_2_and_a_message_that_names_it(string row)
    {
        var (arrange, expected) = s_rows[row];
        var args = arrange(_workspace);
        var clock = Stopwatch.StartNew();
        var result = CliRunner.InDirectory(_workspace.Path, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, args);
        clock.Stop();

        result.Error.ShouldContain(expected(_workspace), Case.Sensitive, $"stdout: {result.Out}");
        result.Error.ShouldNotContain("internal error");
        result.Error.ShouldNotContain("   at ");
        result.ExitCode.ShouldBe(2, result.Error);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "a hostile input must not make the guard hang");
    }

    [Fact]
    public void A_plan_with_10_million_characters_on_one_line_is_read_with_a_bounded_buffer()
    {
        var args = Plan(_workspace, PlanHead + "\"planned_values\":{\"x\":\"" + new string('a', 10_000_000) + "\"},\"resource_changes\":[]}");
        var result = CliRunner.InDirectory(_workspace.Path, null, args);
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("Decision: PASS");
    }

    [Fact]
    public void A_catastrophic_regex_on_a_hostile_value_is_judged_in_linear_time_with_the_true_answer()
    {
        File.WriteAllText(_workspace.File("policy.yml"), s_policyRegexSize);
        // ^(a+)+$ against "aaaa...ab" backtracks exponentially; the linear engine answers at once: it does not match.
        var plan = PlanHead + "\"resource_changes\":[{\"address\":\"aws_s3_bucket.a\",\"type\":\"aws_s3_bucket\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{\"bucket\":\""
                   + new string('a', 50_000) + "b\"}}}]}";
        File.WriteAllText(_workspace.File("plan.json"), plan);
        var clock = Stopwatch.StartNew();
        var result = CliRunner.InDirectory(_workspace.Path, null, "check", "--policy", "policy.yml", "--plan", "plan.json");
        clock.Stop();

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldNotContain("BLOCK bucket-name");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));

        // And a value the pattern does describe, just as long, blocks.
        File.WriteAllText(_workspace.File("plan.json"), plan.Replace("ab\"}", "a\"}", StringComparison.Ordinal));
        var matching = CliRunner.InDirectory(_workspace.Path, null, "check", "--policy", "policy.yml", "--plan", "plan.json");
        matching.ExitCode.ShouldBe(1, matching.Error);
        matching.Out.ShouldContain("BLOCK bucket-name");
    }

    [Fact]
    public void An_unreadable_plan_is_refused_also_when_running_as_root()
    {
        var args = Plan(_workspace, Build.PlanJson());
        if (Environment.UserName != "root" && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_workspace.File("plan.json"), UnixFileMode.None);
        }
        else
        {
            // Root reads any mode; a folder in the file's place is unreadable for everyone.
            File.Delete(_workspace.File("plan.json"));
            Directory.CreateDirectory(_workspace.File("plan.json"));
        }
        var result = CliRunner.InDirectory(_workspace.Path, null, args);
        result.ExitCode.ShouldBe(2, result.Error);
        // Root reads any mode, so there the folder in the file's place is what is refused.
        result.Error.ShouldContain(Environment.UserName == "root" ? "plan.json: is a folder, not a plan" : "plan.json: cannot read the plan: Access to the path");
    }

    [Fact]
    public void A_bad_plan_as_a_real_process_exits_2()
    {
        Plan(_workspace, PlanHead + "\"resource_changes\":[");
        var result = CliRunner.AsProcess(_workspace.Path, "check", "--plan", "plan.json");
        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain("plan.json:1:73: the plan ends before its JSON is complete (truncated file?)");
    }

    [Fact]
    public void A_policy_nested_a_million_deep_as_a_real_process_exits_2_instead_of_overflowing_the_stack()
    {
        Policy(_workspace, "version: 1\nrules: " + new string('[', 1_000_000) + new string(']', 1_000_000) + "\n");
        var result = CliRunner.AsProcess(_workspace.Path, "validate", "policy.yml");
        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain("more than 64 levels deep");
    }

    public void Dispose() => _workspace.Dispose();
}
