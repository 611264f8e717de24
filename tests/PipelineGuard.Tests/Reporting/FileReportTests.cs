using System.Text.Json;
using System.Xml.Linq;
using PipelineGuard.Engine;
using PipelineGuard.Reporting;

namespace PipelineGuard.Tests.Reporting;

public class FileReportTests
{
    private static JsonElement Sarif(Evaluation e) => JsonDocument.Parse(SarifReport.ToJson(e, ReportFixture.Paths("/repo"))).RootElement;

    [Fact]
    public void Sarif_has_one_rule_per_policy_rule_with_what_github_ingests()
    {
        var run = Sarif(ReportFixture.Evaluate()).GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        rules.GetArrayLength().ShouldBe(5);
        foreach (var rule in rules.EnumerateArray())
        {
            rule.GetProperty("fullDescription").GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace();
            rule.GetProperty("help").GetProperty("text").GetString()!.ShouldContain("How to fix");
            var severity = double.Parse(rule.GetProperty("properties").GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            severity.ShouldBeInRange(0.1, 10.0);
        }
        rules[0].GetProperty("id").GetString().ShouldBe("no-destroy-db");
        rules[0].GetProperty("name").GetString().ShouldBe("NoDestroyDb");
        rules[0].GetProperty("properties").GetProperty("security-severity").GetString().ShouldBe("9.5");
        rules[0].GetProperty("defaultConfiguration").GetProperty("level").GetString().ShouldBe("error");
    }

    [Fact]
    public void A_sarif_result_without_a_file_is_anchored_on_its_rule_line_in_the_policy()
    {
        var results = Sarif(ReportFixture.Evaluate()).GetProperty("runs")[0].GetProperty("results");
        var freeze = results.EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "deploy-freeze");
        var location = freeze.GetProperty("locations")[0];
        location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe(ReportFixture.PolicyFile);
        // deploy-freeze is the fourth rule: its mapping starts on line 21 of the policy.
        location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(
            ReportFixture.PolicyYaml.Split('\n').ToList().FindIndex(l => l.Contains("id: deploy-freeze", StringComparison.Ordinal)) + 1);
        location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("deployment");
        freeze.GetProperty("ruleIndex").GetInt32().ShouldBe(3);
    }

    [Fact]
    public void Sarif_places_resources_on_tf_lines_and_marks_waivers_as_suppressed()
    {
        var results = Sarif(ReportFixture.Evaluate()).GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var replace = results.Single(r => r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("aws_db_instance.main", StringComparison.Ordinal));
        var physical = replace.GetProperty("locations")[0].GetProperty("physicalLocation");
        physical.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("infra/main.tf");
        physical.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(3);
        replace.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("aws_db_instance.main");
        var waived = results.Single(r => r.GetProperty("ruleId").GetString() == "sg-changes");
        waived.GetProperty("suppressions")[0].GetProperty("justification").GetString()!.ShouldContain("reviewed in CHG-7");
        waived.GetProperty("level").GetString().ShouldBe("note");
    }

    [Fact]
    public void Sarif_fingerprints_stay_the_same_when_lines_move()
    {
        static Dictionary<string, string> Fingerprints(Evaluation e) =>
            Sarif(e).GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToDictionary(
                r => r.GetProperty("message").GetProperty("text").GetString()!,
                r => r.GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintKey).GetString()!);
        var before = ReportFixture.Evaluate();
        var moved = before with { Findings = [.. before.Findings.Select(f => f with { Target = f.Target with { Line = (f.Target.Line ?? 0) + 40, SourceLine = (f.Target.SourceLine ?? 0) + 7 } })] };
        Fingerprints(moved).ShouldBe(Fingerprints(before));
        Fingerprints(before).Values.Distinct().Count().ShouldBe(before.Findings.Count);
    }

    [Fact]
    public void Junit_has_a_testcase_per_rule_failures_for_blocks_and_skips_out_of_scope_rules()
    {
        var xml = XDocument.Parse(JUnitReport.ToXml(ReportFixture.Evaluate(), ReportFixture.Paths("/repo")));
        var cases = xml.Descendants("testcase").ToList();
        cases.Count.ShouldBe(5);
        var destroy = cases.Single(c => c.Attribute("name")!.Value.StartsWith("no-destroy-db", StringComparison.Ordinal));
        destroy.Elements("failure").Count().ShouldBe(2);
        destroy.Element("failure")!.Value.ShouldContain("infra/main.tf:3");
        cases.Single(c => c.Attribute("name")!.Value.StartsWith("staging-only", StringComparison.Ordinal)).Element("skipped")!.Value.ShouldContain("staging");
        cases.Single(c => c.Attribute("name")!.Value.StartsWith("ecs-review", StringComparison.Ordinal)).Elements("failure").ShouldBeEmpty();
        xml.Root!.Element("testsuite")!.Attribute("skipped")!.Value.ShouldBe("1");
    }

    [Fact]
    public void Junit_in_audit_mode_fails_nothing_and_says_what_would_block()
    {
        var xml = XDocument.Parse(JUnitReport.ToXml(ReportFixture.Evaluate(PolicyMode.Audit), ReportFixture.Paths("/repo")));
        xml.Descendants("failure").ShouldBeEmpty();
        xml.Descendants("system-out").ShouldContain(e => e.Value.Contains("WOULD BLOCK (audit mode)", StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_puts_blocked_inputs_first_with_the_override_line_and_escapes_cells()
    {
        var markdown = MarkdownReport.Render(ReportFixture.Evaluate(), ReportFixture.Paths("/repo"));
        markdown.ShouldStartWith("## PipelineGuard: blocked");
        var plan = markdown.IndexOf("### Terraform plan `infra/plan.json`", StringComparison.Ordinal);
        var deployment = markdown.IndexOf("### Deployment", StringComparison.Ordinal);
        plan.ShouldBeGreaterThan(0);
        deployment.ShouldBeGreaterThan(0);
        markdown.ShouldContain("- `no-destroy-db`: `To override: add the trailer 'Guard-Override: no-destroy-db <reason>' to the head commit.");
        markdown.ShouldContain("- `deploy-freeze` has no override");
        markdown.ShouldContain("infra/main.tf:3");
        markdown.ShouldContain("Rules not evaluated for this deploy (1)");
        // Each table row has exactly the five columns, even when a text holds a pipe.
        var withPipe = ReportFixture.Evaluate() with { Findings = [ReportFixture.Evaluate().Findings[0] with { Message = "a | b\nc" }] };
        var row = MarkdownReport.Render(withPipe).Split('\n').Single(l => l.StartsWith("| **BLOCK**", StringComparison.Ordinal));
        row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|').ShouldBe(6);
        // Input text is a code span: the pipe escaped for the table, the newline shown, never rendered.
        row.ShouldContain("`a \\| b");
        row.ShouldNotContain("<br>");
    }

    [Fact]
    public void Markdown_is_cut_to_the_size_limit_and_says_how_many_findings_were_left_out()
    {
        var baseline = ReportFixture.Evaluate();
        var many = Enumerable.Range(0, 3000).Select(i => baseline.Findings[0] with { Message = $"finding {i} " + new string('x', 200) }).ToList();
        var markdown = MarkdownReport.Render(baseline with { Findings = many }, null, null, 64 * 1024);
        System.Text.Encoding.UTF8.GetByteCount(markdown).ShouldBeLessThanOrEqualTo(64 * 1024);
        markdown.ShouldContain("more finding(s) are not shown");
    }

    [Fact]
    public void No_report_contains_a_value_the_plan_marks_sensitive()
    {
        var e = ReportFixture.Evaluate();
        var paths = ReportFixture.Paths("/repo");
        var annotations = new StringWriter();
        GitHubActionsReport.WriteAnnotations(e, annotations, paths);
        var azure = new StringWriter();
        AzurePipelinesReport.WriteIssues(e, azure, paths);
        foreach (var text in new[] { SarifReport.ToJson(e, paths), JUnitReport.ToXml(e, paths), MarkdownReport.Render(e, paths), JsonReport.ToJson(e), annotations.ToString(), azure.ToString() })
        {
            text.ShouldNotContain(ReportFixture.SensitiveValue);
        }
    }
}
