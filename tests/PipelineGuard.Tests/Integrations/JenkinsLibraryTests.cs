using System.Text.RegularExpressions;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>
/// The repository is a Jenkins shared library as Jenkins loads one: global steps are <c>vars/NAME.groovy</c>
/// at the root of the repository (Jenkins does not look anywhere else unless told a library path).
/// </summary>
public sealed partial class JenkinsLibraryTests
{
    [GeneratedRegex(@"^[a-z][A-Za-z0-9_]*$")]
    private static partial Regex GlobalVariableName();

    [GeneratedRegex(@"--entrypoint\s+(\S+)")]
    private static partial Regex EntrypointFlag();

    [GeneratedRegex(@"ENTRYPOINT\s+\[""([^""]+)""")]
    private static partial Regex DockerEntrypoint();

    [Fact]
    public void The_pipelineGuard_step_sits_in_vars_at_the_library_root()
    {
        var step = RepoPaths.InRepo("vars", "pipelineGuard.groovy");
        File.Exists(step).ShouldBeTrue("Jenkins loads global steps from vars/ at the repository root");
        File.ReadAllText(step).ShouldContain("def call(Map args = [:])");
        File.Exists(RepoPaths.InRepo("vars", "pipelineGuard.txt")).ShouldBeTrue("the step's help text for the Snippet Generator");
    }

    [Fact]
    public void Every_global_step_is_named_as_Jenkins_requires_and_defines_call()
    {
        var steps = Directory.GetFiles(RepoPaths.InRepo("vars"), "*.groovy");
        steps.ShouldNotBeEmpty();
        foreach (var step in steps)
        {
            var name = Path.GetFileNameWithoutExtension(step);
            GlobalVariableName().IsMatch(name).ShouldBeTrue($"{name}: a global variable name starts with a lower-case letter");
            File.ReadAllText(step).ShouldContain("def call(", customMessage: $"{name} has no call method");
        }
    }

    [Fact]
    public void No_copy_of_the_step_lies_where_Jenkins_would_not_load_it()
    {
        var strays = Directory.EnumerateFiles(RepoPaths.Root, "*.groovy", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("vars/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
                && !f.Contains("node_modules/", StringComparison.Ordinal))
            .ToList();
        strays.ShouldBeEmpty();
    }

    [Fact]
    public void The_step_runs_the_binary_where_the_image_puts_it()
    {
        var groovy = File.ReadAllText(RepoPaths.InRepo("vars", "pipelineGuard.groovy"));
        var dockerfile = File.ReadAllText(RepoPaths.InRepo("Dockerfile"));
        var stepEntrypoint = EntrypointFlag().Match(groovy);
        var imageEntrypoint = DockerEntrypoint().Match(dockerfile);
        stepEntrypoint.Success.ShouldBeTrue();
        imageEntrypoint.Success.ShouldBeTrue();
        stepEntrypoint.Groups[1].Value.ShouldBe(imageEntrypoint.Groups[1].Value);
    }

    [Fact]
    public void The_readme_and_the_example_name_the_path_Jenkins_loads()
    {
        var readme = File.ReadAllText(RepoPaths.InRepo("README.md"));
        readme.ShouldContain("(vars/pipelineGuard.groovy)");
        readme.ShouldNotContain("jenkins/vars/");
        File.ReadAllText(RepoPaths.InRepo("jenkins", "Jenkinsfile")).ShouldContain("@Library('pipeline-guard");
    }
}
