using FsCheck;
using FsCheck.Fluent;
using PipelineGuard.Reporting;

namespace PipelineGuard.Tests.Reporting;

public class GitHubActionsReportTests
{
    /// <summary>The runner's parser (actions/runner ActionCommand.cs): split at the first "::" after the name, properties at ',' and the first '='; then unescape.</summary>
    private static (string Name, Dictionary<string, string> Properties, string Message) ParseLikeTheRunner(string line)
    {
        line.ShouldStartWith("::");
        var end = line.IndexOf("::", 2, StringComparison.Ordinal);
        var head = line[2..end];
        var message = UnescapeData(line[(end + 2)..]);
        var space = head.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? head : head[..space];
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in head[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                properties[pair[..eq]] = UnescapeProperty(pair[(eq + 1)..]);
            }
        }
        return (name, properties, message);
    }

    private static string UnescapeData(string s) =>
        s.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    private static string UnescapeProperty(string s) =>
        s.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal)
            .Replace("%25", "%", StringComparison.Ordinal);

    [Fact]
    public void Messages_and_properties_are_escaped_as_the_runner_expects()
    {
        GitHubActionsReport.EscapeData("50% done\r\nnext: a,b").ShouldBe("50%25 done%0D%0Anext: a,b");
        GitHubActionsReport.EscapeProperty("50% done\r\nnext: a,b").ShouldBe("50%25 done%0D%0Anext%3A a%2Cb");
        // % is encoded first, so an already-encoded-looking text survives.
        GitHubActionsReport.EscapeProperty("%3A").ShouldBe("%253A");
    }

    [Fact]
    public void Any_title_and_message_survive_the_runner_parser_unchanged()
    {
        Prop.ForAll<NonNull<string>, NonNull<string>>((title, message) =>
        {
            var line = GitHubActionsReport.Command("error", [("file", "a,b:c.tf"), ("title", title.Item)], message.Item);
            var parsed = ParseLikeTheRunner(line);
            return parsed.Name == "error" && parsed.Properties["title"] == title.Item && parsed.Properties["file"] == "a,b:c.tf" &&
                   parsed.Message == message.Item && !line.Contains('\n', StringComparison.Ordinal) && !line.Contains('\r', StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_terraform_finding_is_annotated_on_its_tf_block_line_and_a_deleted_resource_on_the_plan()
    {
        var output = new StringWriter();
        GitHubActionsReport.WriteAnnotations(ReportFixture.Evaluate(), output, ReportFixture.Paths("/repo"));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLikeTheRunner).ToList();
        var replace = lines.Single(l => l.Message.StartsWith("aws_db_instance.main", StringComparison.Ordinal));
        replace.Name.ShouldBe("error");
        replace.Properties["file"].ShouldBe("infra/main.tf");
        replace.Properties["line"].ShouldBe("3");
        replace.Properties["title"].ShouldBe("no-destroy-db (critical)");
        replace.Message.ShouldContain("Guard-Override: no-destroy-db <reason>");
        var deleted = lines.Single(l => l.Message.StartsWith("aws_db_instance.orders", StringComparison.Ordinal));
        deleted.Properties["file"].ShouldBe("infra/plan.json");
        var module = lines.Single(l => l.Message.StartsWith("module.api.aws_ecs_service.api", StringComparison.Ordinal));
        module.Name.ShouldBe("warning");
        module.Properties["file"].ShouldBe("infra/modules/api/main.tf");
        module.Properties["line"].ShouldBe("1");
        var freeze = lines.Single(l => l.Properties["title"].StartsWith("deploy-freeze", StringComparison.Ordinal));
        freeze.Properties.ContainsKey("file").ShouldBeFalse();
        // Waived findings are not annotated.
        lines.ShouldNotContain(l => l.Message.Contains("aws_security_group.bastion", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_mode_annotates_would_be_blocks_as_warnings()
    {
        var output = new StringWriter();
        GitHubActionsReport.WriteAnnotations(ReportFixture.Evaluate(PolicyMode.Audit), output, ReportFixture.Paths("/repo"));
        output.ToString().ShouldNotContain("::error");
        output.ToString().ShouldContain("title=would block (audit)%3A no-destroy-db");
    }

    [Fact]
    public void Beyond_ten_errors_per_step_the_findings_go_to_the_summary_only()
    {
        var baseline = ReportFixture.Evaluate();
        var many = Enumerable.Range(1, 14).Select(i => baseline.Findings[0] with { Message = $"freeze finding {i}", Fingerprint = $"fp{i}" }).ToList();
        var evaluation = baseline with { Findings = [.. many, .. baseline.Findings.Skip(1)] };
        var output = new StringWriter();
        var omitted = GitHubActionsReport.WriteAnnotations(evaluation, output, ReportFixture.Paths("/repo"));
        var text = output.ToString();
        text.Split('\n').Count(l => l.StartsWith("::error", StringComparison.Ordinal)).ShouldBe(GitHubActionsReport.MaxAnnotationsPerType);
        text.Split('\n').Count(l => l.StartsWith("::warning", StringComparison.Ordinal)).ShouldBe(1);
        omitted.ShouldBe(14 + 2 - GitHubActionsReport.MaxAnnotationsPerType);

        var dir = Directory.CreateTempSubdirectory("pg-summary-");
        try
        {
            var summary = Path.Combine(dir.FullName, "step_summary");
            GitHubActionsReport.AppendSummary(summary, evaluation, ReportFixture.Paths("/repo"), omitted);
            var markdown = File.ReadAllText(summary);
            for (var i = 1; i <= 14; i++) markdown.ShouldContain($"`freeze finding {i}` |");
            markdown.ShouldContain($"{omitted} finding(s) are listed here only");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Outputs_are_heredocs_with_a_delimiter_on_its_own_line()
    {
        var dir = Directory.CreateTempSubdirectory("pg-output-");
        try
        {
            var file = Path.Combine(dir.FullName, "set_output");
            GitHubActionsReport.WriteOutputs(file, [("decision", "block"), ("multi", "a\nb")]);
            var lines = File.ReadAllText(file).Split('\n');
            lines[0].ShouldStartWith("decision<<ghadelimiter_");
            lines[1].ShouldBe("block");
            lines[2].ShouldBe(lines[0]["decision<<".Length..]);
            lines[3].ShouldStartWith("multi<<");
            lines[4].ShouldBe("a");
            lines[5].ShouldBe("b");
            lines[6].ShouldBe(lines[3]["multi<<".Length..]);
            lines[0].ShouldNotBe("decision<<" + lines[6]);
            File.ReadAllText(file).ShouldEndWith("\n");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Tokens_are_masked_from_the_environment_the_command_was_given()
    {
        var output = new StringWriter();
        GitHubActionsReport.WriteMasks(output, new Dictionary<string, string?> { ["INPUT_GITHUB-TOKEN"] = "ghs_abc", ["GITHUB_TOKEN"] = "", ["HOME"] = "/root" });
        output.ToString().ShouldBe("::add-mask::ghs_abc" + Environment.NewLine);
    }
}
