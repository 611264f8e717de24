using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Reporting;
using PipelineGuard.Tests.Reporting;
using PipelineGuard.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Tests.Integrations;

/// <summary>
/// The reporter table (<see cref="Reporters.All"/>) is the one list of report formats: the GitHub Action's inputs,
/// the Azure task's inputs and its wrapper, and the Jenkins step must name exactly its reporters. Each failure
/// says what to add or remove. The repository files are only read.
/// </summary>
public sealed partial class ReporterTableTests
{
    [GeneratedRegex(@"\[\s*'([A-Za-z]+)'\s*,\s*'(--[a-z-]+)'\s*\]")]
    private static partial Regex JsInputPair();

    [GeneratedRegex(@"const REPORT_INPUTS = \[(.*?)\];", RegexOptions.Singleline)]
    private static partial Regex JsReportInputs();

    [GeneratedRegex(@"get(?:Input|BoolInput|DelimitedInput)\('([A-Za-z]+)'")]
    private static partial Regex JsInputRead();

    [GeneratedRegex(@"Map<String, String> reports = \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex GroovyReports();

    [GeneratedRegex(@"'(--[a-z-]+)'\s*:\s*'([a-z.]+)'")]
    private static partial Regex GroovyEntry();

    [Fact]
    public void Every_reporter_has_one_distinct_option_and_ci_input_names_the_platforms_accept()
    {
        Reporters.All.Select(r => r.Name).ShouldBeUnique();
        Reporters.All.Select(r => r.AzureInput).ShouldBeUnique();
        Reporters.All.Select(r => r.JenkinsExtension).ShouldBeUnique();
        foreach (var r in Reporters.All)
        {
            r.Name.ShouldMatch("^[a-z][a-z-]*[a-z]$");
            r.AzureInput.ShouldMatch("^[a-z][A-Za-z]*$");
            r.Help.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Action_yml_has_an_input_for_each_reporter_and_no_other_report_input()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.InRepo("action.yml"))) yaml.Load(reader);
        var inputs = ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("inputs")]).Children.Keys
            .Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);

        var missing = Reporters.All.Where(r => !inputs.Contains(r.GitHubInput))
            .Select(r => $"  {r.GitHubInput}:\n    description: Where to write ...\n    required: false\n    default: ''").ToList();
        missing.ShouldBeEmpty("action.yml lacks inputs for reporters in Reporters.All; add under inputs:\n" + string.Join('\n', missing));

        var known = Reporters.All.Select(r => r.GitHubInput).Concat(GitHubActionCommand.OtherInputs.Select(i => i.Input)).ToHashSet(StringComparer.Ordinal);
        var unknown = inputs.Where(i => !known.Contains(i)).ToList();
        unknown.ShouldBeEmpty("action.yml has inputs no reporter in Reporters.All and no GitHubActionCommand mapping knows: add a reporter line or remove them");

        // The table is the only place a report option is mapped, so a format removed from it cannot linger as a hand-made mapping.
        GitHubActionCommand.OtherInputs.Where(i => Reporters.All.Any(r => r.Option == i.Option)).ShouldBeEmpty("GitHubActionCommand maps a report option by hand; the reporter table passes it");
    }

    [Fact]
    public void Action_yml_and_task_json_declare_a_path_output_for_each_reporter_and_the_task_sets_exactly_its_outputs()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.InRepo("action.yml"))) yaml.Load(reader);
        var actionOutputs = ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("outputs")]).Children.Keys
            .Select(k => ((YamlScalarNode)k).Value!).ToList();
        using var task = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("azure-task", "PipelineGuardV1", "task.json")));
        var taskOutputs = task.RootElement.GetProperty("outputVariables").EnumerateArray().Select(o => o.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();

        foreach (var reporter in Reporters.All)
        {
            actionOutputs.ShouldContain(reporter.GitHubOutput, $"action.yml lacks the output {reporter.GitHubOutput} (description: Path of the ... report.)");
            taskOutputs.ShouldContain(reporter.AzureOutput, $"task.json lacks the output variable {reporter.AzureOutput} (description: Path of the ... report.)");
        }
        AzurePipelinesReport.Outputs(ReportFixture.Evaluate(), ReportFiles.None).Select(o => o.Name).Order(StringComparer.Ordinal).ShouldBe(taskOutputs);
    }

    [Fact]
    public void Task_json_and_its_node_wrapper_pass_each_reporter_and_no_other_report()
    {
        using var task = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("azure-task", "PipelineGuardV1", "task.json")));
        var inputs = task.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        var script = File.ReadAllText(RepoPaths.InRepo("azure-task", "PipelineGuardV1", "index.js"));
        var reportBlock = JsReportInputs().Match(script);
        reportBlock.Success.ShouldBeTrue("index.js has no `const REPORT_INPUTS = [...]` list of the reporters' inputs");
        var reportPairs = JsInputPair().Matches(reportBlock.Groups[1].Value).Select(m => (Input: m.Groups[1].Value, Option: m.Groups[2].Value)).ToList();

        var missingInputs = Reporters.All.Where(r => !inputs.Contains(r.AzureInput))
            .Select(r => $$"""    { "name": "{{r.AzureInput}}", "type": "string", "label": "... report path", "required": false, "defaultValue": "" },""").ToList();
        missingInputs.ShouldBeEmpty("task.json lacks inputs for reporters in Reporters.All; add to inputs:\n" + string.Join('\n', missingInputs));
        var missingPairs = Reporters.All.Where(r => !reportPairs.Contains((r.AzureInput, r.Option))).Select(r => $"['{r.AzureInput}', '{r.Option}'],").ToList();
        missingPairs.ShouldBeEmpty("index.js does not pass these reporters; add to REPORT_INPUTS:\n" + string.Join('\n', missingPairs));

        var unknownPairs = reportPairs.Where(p => !Reporters.All.Any(r => (r.AzureInput, r.Option) == p)).ToList();
        unknownPairs.ShouldBeEmpty("index.js's REPORT_INPUTS names reports Reporters.All does not know: remove them or add a reporter line");
        var otherPairs = JsInputPair().Matches(script.Replace(reportBlock.Value, "", StringComparison.Ordinal)).Select(m => (Input: m.Groups[1].Value, Option: m.Groups[2].Value)).ToList();
        otherPairs.Where(p => Reporters.All.Any(r => r.Option == p.Option)).ShouldBeEmpty("index.js maps a report option outside REPORT_INPUTS");

        var read = otherPairs.Select(p => p.Input).Concat(reportPairs.Select(p => p.Input))
            .Concat(JsInputRead().Matches(script).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        inputs.Where(i => !read.Contains(i)).ShouldBeEmpty("task.json has inputs index.js never reads (a report input the table lacks?): add a reporter line or remove them");
    }

    [Fact]
    public void The_Jenkins_step_writes_each_reporter_to_its_file_and_no_other_report()
    {
        var groovy = File.ReadAllText(RepoPaths.InRepo("vars", "pipelineGuard.groovy"));
        var block = GroovyReports().Match(groovy);
        block.Success.ShouldBeTrue("vars/pipelineGuard.groovy has no `Map<String, String> reports = [...]` of the reporters' options and file extensions");
        var entries = GroovyEntry().Matches(block.Groups[1].Value).Select(m => (Option: m.Groups[1].Value, Extension: m.Groups[2].Value)).ToList();

        var missing = Reporters.All.Where(r => !entries.Contains((r.Option, r.JenkinsExtension))).Select(r => $"'{r.Option}': '{r.JenkinsExtension}'").ToList();
        missing.ShouldBeEmpty("vars/pipelineGuard.groovy does not write these reporters; add to its reports map:\n" + string.Join(",\n", missing));
        var unknown = entries.Where(e => !Reporters.All.Any(r => (r.Option, r.JenkinsExtension) == e)).ToList();
        unknown.ShouldBeEmpty("vars/pipelineGuard.groovy writes reports Reporters.All does not know: remove them or add a reporter line");
        var elsewhere = groovy.Replace(block.Value, "", StringComparison.Ordinal);
        Reporters.All.Where(r => elsewhere.Contains($"'{r.Option}'", StringComparison.Ordinal)).ShouldBeEmpty("vars/pipelineGuard.groovy passes a report option outside its reports map");
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Slow)]
    public void The_check_command_takes_an_option_per_reporter_and_writes_its_file()
    {
        using var folder = new PolicyAsCode.TempFolder("pg-reporters-");
        var args = new List<string> { "check", "--plan", RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"), "--environment", "production" };
        foreach (var r in Reporters.All) args.AddRange([r.Option, Path.Combine(folder.Path, "out", "report." + r.JenkinsExtension)]);

        var result = CliRunner.InDirectory(folder.Path, new Dictionary<string, string?>(), [.. args]);

        result.ExitCode.ShouldBe(1, result.Error);
        foreach (var r in Reporters.All) new FileInfo(Path.Combine(folder.Path, "out", "report." + r.JenkinsExtension)).Length.ShouldBeGreaterThan(0, $"{r.Option} wrote nothing");
    }
}
