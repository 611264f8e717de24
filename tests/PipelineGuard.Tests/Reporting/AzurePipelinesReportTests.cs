using PipelineGuard.Reporting;

namespace PipelineGuard.Tests.Reporting;

public class AzurePipelinesReportTests
{
    /// <summary>The agent's unescaping (CommandStringConvertor.cs, DECODE_PERCENTS on): %3B, %0D, %0A, %5D, then %AZP25.</summary>
    private static string Unescape(string s) =>
        s.Replace("%3B", ";", StringComparison.Ordinal).Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal).Replace("%5D", "]", StringComparison.Ordinal)
            .Replace("%AZP25", "%", StringComparison.Ordinal);

    private static (string Command, Dictionary<string, string> Properties, string Message) Parse(string line)
    {
        line.ShouldStartWith("##vso[");
        var close = line.IndexOf(']', StringComparison.Ordinal);
        var head = line[6..close];
        var space = head.IndexOf(' ', StringComparison.Ordinal);
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space >= 0)
        {
            foreach (var pair in head[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                properties[pair[..eq]] = Unescape(pair[(eq + 1)..]);
            }
        }
        return (space < 0 ? head : head[..space], properties, Unescape(line[(close + 1)..]));
    }

    [Fact]
    public void Properties_escape_percent_first_then_line_breaks_brackets_and_semicolons()
    {
        AzurePipelinesReport.EscapeProperty("100%;a]b\r\n").ShouldBe("100%AZP25%3Ba%5Db%0D%0A");
        AzurePipelinesReport.EscapeMessage("100% ;]\n").ShouldBe("100%AZP25 ;]%0A");
    }

    [Fact]
    public void Logissue_lines_carry_the_absolute_source_path_line_and_rule_code()
    {
        var output = new StringWriter();
        AzurePipelinesReport.WriteIssues(ReportFixture.Evaluate(), output, ReportFixture.Paths("/repo"));
        var issues = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        issues.ShouldAllBe(i => i.Command == "task.logissue");
        var replace = issues.Single(i => i.Message.Contains("aws_db_instance.main would be", StringComparison.Ordinal));
        replace.Properties["type"].ShouldBe("error");
        replace.Properties["sourcepath"].ShouldBe("/repo/infra/main.tf");
        replace.Properties["linenumber"].ShouldBe("3");
        replace.Properties["code"].ShouldBe("no-destroy-db");
        issues.Single(i => i.Properties["code"] == "ecs-review").Properties["type"].ShouldBe("warning");
        issues.Single(i => i.Properties["code"] == "deploy-freeze").Properties.ContainsKey("sourcepath").ShouldBeFalse();
        issues.ShouldNotContain(i => i.Properties["code"] == "sg-changes");
    }

    [Fact]
    public void Publishing_uploads_a_summary_file_and_sets_output_variables()
    {
        var dir = Directory.CreateTempSubdirectory("pg-azure-");
        try
        {
            var output = new StringWriter();
            var summary = Path.Combine(dir.FullName, "summary.md");
            AzurePipelinesReport.Publish(ReportFixture.Evaluate(), output, ReportFixture.Paths("/repo"), new ReportFiles(new Dictionary<Reporter, string> { [Reporters.Json] = "/repo/r.json" }), summary);
            var commands = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
            commands.Single(c => c.Command == "task.uploadsummary").Message.ShouldBe(summary);
            File.ReadAllText(summary).ShouldStartWith("## PipelineGuard: blocked");
            var variables = commands.Where(c => c.Command == "task.setvariable").ToDictionary(c => c.Properties["variable"], c => c);
            variables["decision"].Message.ShouldBe("block");
            variables["decision"].Properties["isoutput"].ShouldBe("true");
            variables["blocking"].Message.ShouldBe("3");
            variables["jsonReport"].Message.ShouldBe("/repo/r.json");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
