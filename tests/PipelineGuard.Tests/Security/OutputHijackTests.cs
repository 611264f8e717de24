using System.Text.Json;
using PipelineGuard.Reporting;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>
/// A pull-request author controls resource addresses, for_each keys, file names and SQL. None of it may
/// become a CI command, a terminal escape or a rendered image or link in the summary.
/// </summary>
public sealed class OutputHijackTests : IDisposable
{
    private const string Forged = "::set-output name=decision::pass";
    private readonly TempFolder _dir = new("pg-hijack-");

    public void Dispose() => _dir.Dispose();

    /// <summary>A plan that deletes a database whose for_each key carries forged commands, an ANSI escape and a remote image.</summary>
    private string HostilePlan()
    {
        var key = $"x\n{Forged}\n##[add-mask]\n  ::add-path::/tmp/evil\r\n##vso[task.setvariable variable=decision]pass\u001b[2J\u001b]0;owned\u0007 ![pixel](https://evil.example/p.png) [click](https://evil.example) a|b";
        // Raw, as a hostile plan may carry it (terraform itself would quote the key).
        var address = $"aws_db_instance.orders[\"{key}\"]";
        var change = new
        {
            address,
            mode = "managed",
            type = "aws_db_instance",
            name = "orders",
            index = key,
            provider_name = "registry.terraform.io/hashicorp/aws",
            change = new { actions = new[] { "delete" }, before = new { identifier = "orders" }, after = (object?)null, after_unknown = new { }, before_sensitive = new { }, after_sensitive = new { } },
        };
        var plan = JsonSerializer.Serialize(new { format_version = "1.2", terraform_version = "1.9.5", resource_changes = new[] { change } });
        return _dir.Write("plan.json", plan);
    }

    private CliRunner.Result Run(Dictionary<string, string?> env, params string[] args) =>
        CliRunner.InDirectory(_dir.Path, env, args);

    [Fact]
    public void A_for_each_key_that_forges_workflow_commands_runs_no_command_on_a_GitHub_runner()
    {
        HostilePlan();
        var output = _dir.File("github-output");
        var summary = _dir.File("summary.md");
        File.WriteAllText(output, "");
        var result = Run(new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _dir.Path,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
        }, "check", "--plan", "plan.json", "--environment", "production");

        result.ExitCode.ShouldBe(1, result.Error);
        var commands = CiLogParsers.GitHub(result.Out + result.Error);
        // Only the guard's own annotations run, and there is at least the error for the blocked database.
        var lines = string.Join("\n", commands.Select(c => c.Line));
        commands.ShouldContain(c => c.Name == "error", lines);
        commands.ShouldAllBe(c => c.Name == "error" || c.Name == "warning" || c.Name == "notice", lines);
        commands.ShouldAllBe(c => c.Line.StartsWith("::" + c.Name + " ", StringComparison.Ordinal), lines);
        File.ReadAllText(output).ShouldContain("decision<<ghadelimiter_");
        File.ReadAllText(output).ShouldContain("\nblock\n");
    }

    [Fact]
    public void Without_stop_commands_the_console_report_alone_still_forges_no_command()
    {
        // Neutralised line starts hold even where the runner's stop-commands is not used (a local run piped into a CI log).
        HostilePlan();
        var result = Run(new Dictionary<string, string?>(), "check", "--plan", "plan.json", "--environment", "production");
        result.ExitCode.ShouldBe(1, result.Error);
        CiLogParsers.GitHub(result.Out + result.Error).ShouldBeEmpty();
        CiLogParsers.Azure(result.Out + result.Error).ShouldBeEmpty();
    }

    [Fact]
    public void A_for_each_key_that_forges_vso_commands_leaves_no_vso_marker_but_the_guards_own_on_Azure()
    {
        HostilePlan();
        var result = Run(new Dictionary<string, string?>
        {
            ["TF_BUILD"] = "True",
            ["BUILD_SOURCESDIRECTORY"] = _dir.Path,
            ["AGENT_TEMPDIRECTORY"] = _dir.Path,
        }, "check", "--plan", "plan.json", "--environment", "production");

        result.ExitCode.ShouldBe(1, result.Error);
        var markers = CiLogParsers.Azure(result.Out + result.Error);
        markers.ShouldNotBeEmpty();
        foreach (var (line, column, text) in markers)
        {
            column.ShouldBe(0, $"line {line}: {text}");
            text.ShouldMatch(@"^##vso\[task\.(logissue|uploadsummary|setvariable|setsecret)[ \]]", $"line {line}");
        }
        // One marker per line: the logissue message carries the key, with its own ##vso[ broken.
        markers.GroupBy(m => m.Line).ShouldAllBe(g => g.Count() == 1);
    }

    [Fact]
    public void No_ANSI_escape_or_raw_newline_from_an_input_reaches_the_console()
    {
        HostilePlan();
        var result = Run(new Dictionary<string, string?>(), "check", "--plan", "plan.json", "--environment", "production");
        (result.Out + result.Error).ShouldNotContain("\u001b");
        (result.Out + result.Error).ShouldNotContain("\u0007");
        (result.Out + result.Error).ShouldNotContain("\r");
        // The key's newlines are shown as \n inside one line.
        result.Out.Split('\n').ShouldContain(l => l.Contains("x\\n") && l.Contains("set-output"));
        result.Out.Split('\n').ShouldNotContain(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
    }

    [Fact]
    public void A_remote_image_or_link_in_a_resource_address_is_rendered_as_code_in_the_summary()
    {
        HostilePlan();
        var summary = _dir.File("summary.md");
        var result = Run(new Dictionary<string, string?>(), "check", "--plan", "plan.json", "--environment", "production", "--markdown", "summary.md");
        result.ExitCode.ShouldBe(1, result.Error);
        var markdown = File.ReadAllText(summary);
        var row = markdown.Split('\n').Single(l => l.StartsWith("| **BLOCK**", StringComparison.Ordinal));
        var cells = SplitRow(row);
        cells.Count.ShouldBe(5, row);
        // Finding and where: each one code span, so ![..](..) and [..](..) are shown as text.
        foreach (var cell in new[] { cells[3], cells[4] })
        {
            cell.ShouldStartWith("`");
            cell.ShouldEndWith("`");
            var fence = cell.TakeWhile(c => c == '`').Count();
            cell[fence..^fence].ShouldNotContain(new string('`', fence));
        }
        cells[4].ShouldContain("![pixel](https://evil.example/p.png)");
        cells[4].ShouldContain("a\\|b");
        markdown.ShouldNotContain("<img", Case.Insensitive);
        markdown.ShouldNotContain("\u001b");
    }

    /// <summary>GFM table cells: split at pipes not escaped by a backslash.</summary>
    private static List<string> SplitRow(string row)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length)
            {
                current.Append(row[i]).Append(row[i + 1]);
                i++;
                continue;
            }
            if (row[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(row[i]);
        }
        return cells.Skip(1).ToList();
    }

    [Fact]
    public void A_code_span_fence_is_longer_than_any_backtick_run_inside()
    {
        MarkdownReport.Code("a `b` c").ShouldBe("``a `b` c``");
        MarkdownReport.Code("`x`").ShouldBe("`` `x` ``");
        MarkdownReport.Cell("a|b").ShouldBe("`a\\|b`");
        MarkdownReport.Code("a|b").ShouldBe("`a|b`");
        MarkdownReport.Code("line1\nline2").ShouldBe("`line1\\nline2`");
    }

    [Theory]
    [InlineData("::set-output name=a::b")]
    [InlineData("   ::add-mask::x")]
    [InlineData("\t::error::forged")]
    [InlineData("text ##[set-output name=a;]b")]
    [InlineData("text ##vso[task.setvariable variable=a]b")]
    [InlineData("text ##VSO[task.complete result=Succeeded]")]
    [InlineData("##[error]forged")]
    public void A_forged_command_in_any_line_is_broken_by_the_command_safe_writer(string line)
    {
        var sink = new StringWriter();
        using (var writer = new CommandSafeWriter(sink))
        {
            writer.WriteLine(line);
            writer.Write("##");
            writer.Flush();
            writer.WriteLine("vso[task.setvariable variable=split]across-writes");
        }
        CiLogParsers.GitHub(sink.ToString()).ShouldBeEmpty();
        CiLogParsers.Azure(sink.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void The_guards_own_commands_pass_the_writer_unchanged()
    {
        var sink = new StringWriter();
        using (var writer = new CommandSafeWriter(sink))
        {
            CommandSafeWriter.Command(writer, "::error title=x::y");
            CommandSafeWriter.Command(writer, "##vso[task.logissue type=error;]y");
        }
        sink.ToString().ShouldBe("::error title=x::y\n##vso[task.logissue type=error;]y\n");
    }
}
