using System.Text.Json;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Reporting;
using PipelineGuard.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Tests.Integrations;

/// <summary>Runs the action's entrypoint the way the runner does: INPUT_* variables, the workspace as working directory, and the runner's files.</summary>
public sealed class GitHubActionEntrypointTests : IDisposable
{
    private const string Token = "ghs_TopSecretTokenValue123";
    private const string HeadSha = "0123456789abcdef0123456789abcdef01234567";
    private readonly DirectoryInfo _workspace = Directory.CreateTempSubdirectory("pg-action-");

    public void Dispose() => _workspace.Delete(recursive: true);

    private string InWorkspace(string relative) => Path.Combine(_workspace.FullName, relative);

    private Dictionary<string, string?> RunnerEnvironment()
    {
        var example = RepoPaths.InRepo("examples", "prod-db-delete");
        Directory.CreateDirectory(InWorkspace("deploy"));
        File.Copy(Path.Combine(example, "plan.json"), InWorkspace("deploy/plan.json"));
        Directory.CreateDirectory(InWorkspace("infra/modules/api"));
        File.Copy(Path.Combine(example, "infra", "main.tf"), InWorkspace("infra/main.tf"));
        File.Copy(Path.Combine(example, "infra", "modules", "api", "main.tf"), InWorkspace("infra/modules/api/main.tf"));
        Directory.CreateDirectory(InWorkspace("_runner"));
        File.WriteAllText(InWorkspace("_runner/event.json"), "{\"action\":\"synchronize\",\"number\":7,\"pull_request\":{\"number\":7,\"user\":{\"login\":\"octocat\"},\"head\":{\"ref\":\"drop-orders\",\"sha\":\"" + HeadSha + "\"},\"base\":{\"ref\":\"main\",\"sha\":\"1111111111111111111111111111111111111111\"}}}");
        File.WriteAllText(InWorkspace("_runner/set_output"), "");
        File.WriteAllText(InWorkspace("_runner/step_summary"), "");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["CI"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.FullName,
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = InWorkspace("_runner/event.json"),
            ["GITHUB_OUTPUT"] = InWorkspace("_runner/set_output"),
            ["GITHUB_STEP_SUMMARY"] = InWorkspace("_runner/step_summary"),
            ["GITHUB_SHA"] = "9999999999999999999999999999999999999999",
            ["GITHUB_ACTOR"] = "octocat",
            // Nothing here may reach the network: an API call fails at once instead of timing out.
            ["GITHUB_API_URL"] = "http://127.0.0.1:9",
        };
        // action.yml's defaults, as the runner applies them, then the workflow's `with:`.
        foreach (var (name, value) in ActionInputs()) env[GitHubActionCommand.VariableOf(name)] = value.Default;
        env["INPUT_GITHUB-TOKEN"] = Token;
        env["INPUT_PLAN"] = "deploy/plan.json\n";
        env["INPUT_ENVIRONMENT"] = "production";
        env["INPUT_JUNIT"] = "reports/junit.xml";
        // This workspace is not a git clone, so there is no base commit to read the policy at (that default has its own tests).
        env["INPUT_POLICY-FROM-BASE"] = "false";
        return env;
    }

    private static IEnumerable<(string Name, (string? Default, bool Required) Value)> ActionInputs()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.InRepo("action.yml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var (key, value) in (YamlMappingNode)root.Children[new YamlScalarNode("inputs")])
        {
            var input = (YamlMappingNode)value;
            var defaultValue = input.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value : null;
            yield return (((YamlScalarNode)key).Value!, (defaultValue, false));
        }
    }

    private static Dictionary<string, string> ReadOutputs(string file)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllText(file).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var heredoc = lines[i].IndexOf("<<", StringComparison.Ordinal);
            if (heredoc <= 0) continue;
            var delimiter = lines[i][(heredoc + 2)..];
            var end = Array.IndexOf(lines, delimiter, i + 1);
            end.ShouldBeGreaterThan(i, $"no closing delimiter for {lines[i]}");
            outputs[lines[i][..heredoc]] = string.Join('\n', lines[(i + 1)..end]);
            i = end;
        }
        return outputs;
    }

    [Fact]
    public void The_entrypoint_blocks_a_production_database_delete_and_fills_the_runner_files()
    {
        var env = RunnerEnvironment();
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");

        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.Split('\n')[0].ShouldBe($"::add-mask::{Token}");
        result.Out.ShouldContain("::error file=deploy/plan.json,line=7,title=no-destroy-stateful (critical)::aws_db_instance.orders would be destroyed");

        var outputs = ReadOutputs(env["GITHUB_OUTPUT"]!);
        outputs["decision"].ShouldBe("block");
        outputs["blocking"].ShouldBe("1");
        outputs["sarif-report"].ShouldBe("pipeline-guard.sarif");
        outputs["json-report"].ShouldBe("pipeline-guard.json");
        outputs["junit-report"].ShouldBe("reports/junit.xml");
        File.Exists(InWorkspace("pipeline-guard.sarif")).ShouldBeTrue();
        File.Exists(InWorkspace("reports/junit.xml")).ShouldBeTrue();

        var summary = File.ReadAllText(env["GITHUB_STEP_SUMMARY"]!);
        summary.ShouldStartWith("## PipelineGuard: blocked");
        summary.ShouldContain("Guard-Override: no-destroy-stateful <reason>");

        using var report = JsonDocument.Parse(File.ReadAllText(InWorkspace("pipeline-guard.json")));
        var context = report.RootElement.GetProperty("context");
        context.GetProperty("commit").GetString().ShouldBe(HeadSha);
        context.GetProperty("actor").GetString().ShouldBe("octocat");
    }

    [Fact]
    public void Migration_findings_are_annotated_on_the_statement_line_and_column()
    {
        var env = RunnerEnvironment();
        Directory.CreateDirectory(InWorkspace("db/migrations"));
        File.WriteAllText(InWorkspace("db/migrations/V3__drop_total.sql"), "SET lock_timeout = '5s';\n\nALTER TABLE orders DROP COLUMN total;\n");
        env["INPUT_PLAN"] = "";
        env["INPUT_MIGRATIONS"] = "db/migrations";
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("::error file=db/migrations/V3__drop_total.sql,line=3,col=1,title=sql-data-loss (critical)::");
        File.ReadAllText(env["GITHUB_STEP_SUMMARY"]!).ShouldContain("### File `db/migrations/V3__drop_total.sql`");
    }

    [Fact]
    public void The_token_appears_only_in_the_mask_command()
    {
        var env = RunnerEnvironment();
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");
        result.Out.Split(Token).Length.ShouldBe(2);
        result.Error.ShouldNotContain(Token);
        foreach (var file in Directory.EnumerateFiles(_workspace.FullName, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(Token, customMessage: file);
        }
    }

    [Fact]
    public void Terraform_findings_are_annotated_on_the_tf_source_in_the_workspace()
    {
        var env = RunnerEnvironment();
        // A policy that trips on the module's ECS service update: its block is in infra/modules/api/main.tf.
        File.WriteAllText(InWorkspace(".pipeline-guard.yml"), """
            version: 1
            rules:
              - id: ecs-review
                description: ECS service changes get a second look.
                severity: medium
                enforcement: warn
                terraform: { resource_types: [aws_ecs_service], actions: [update] }
            """);
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("::warning file=infra/modules/api/main.tf,line=11,title=ecs-review (medium)::module.api.aws_ecs_service.api");
        ReadOutputs(env["GITHUB_OUTPUT"]!)["decision"].ShouldBe("warn");
    }

    [Fact]
    public void A_source_root_that_is_not_a_folder_is_a_bad_invocation()
    {
        var env = RunnerEnvironment();
        env["INPUT_SOURCE-ROOT"] = "infr";
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--source-root 'infr' is not a folder");
    }

    [Fact]
    public void Audit_mode_from_the_inputs_passes_the_step_and_says_it_would_block()
    {
        var env = RunnerEnvironment();
        env["INPUT_MODE"] = "audit";
        var result = CliRunner.InDirectory(_workspace.FullName, env, "github-action");
        result.ExitCode.ShouldBe(0, result.Error);
        ReadOutputs(env["GITHUB_OUTPUT"]!)["decision"].ShouldBe("block");
        File.ReadAllText(env["GITHUB_STEP_SUMMARY"]!).ShouldStartWith("## PipelineGuard: would block (audit mode");
    }

    [Fact]
    public void Every_input_of_action_yml_reaches_a_check_option_and_every_output_is_set()
    {
        var baseline = GitHubActionCommand.Arguments(new CommandIo(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>(), _workspace.FullName));
        // policy-from-base acts only on a pull request event; its own tests cover it.
        foreach (var (name, _) in ActionInputs().Where(i => i.Name is not ("github-token" or "policy-from-base")))
        {
            var env = new Dictionary<string, string?> { [GitHubActionCommand.VariableOf(name)] = "true" };
            var args = GitHubActionCommand.Arguments(new CommandIo(TextWriter.Null, TextWriter.Null, env, _workspace.FullName));
            args.Count.ShouldBeGreaterThan(baseline.Count, $"input '{name}' is not passed to check");
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.InRepo("action.yml"))) yaml.Load(reader);
        var declared = ((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("outputs")]).Children.Keys
            .Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal);
        var written = GitHubActionsReport.Outputs(ReportFixtureEvaluation(), ReportFiles.None, new RepositoryPaths("/", "/")).Select(o => o.Name).Order(StringComparer.Ordinal);
        written.ShouldBe(declared);
    }

    private static PipelineGuard.Engine.Evaluation ReportFixtureEvaluation() => Reporting.ReportFixture.Evaluate();
}
