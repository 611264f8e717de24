using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Cli;

public class ExplainAndValidateTests
{
    [Fact]
    public void Explain_prints_what_a_rule_checks_why_and_how_to_fix_or_override_it()
    {
        var result = CliRunner.InDirectory(Path.GetTempPath(), null, "explain", "no-destroy-stateful");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("no-destroy-stateful — severity critical, enforcement block");
        result.Out.ShouldContain("Why:");
        result.Out.ShouldContain("How to fix:");
        result.Out.ShouldContain("Guard-Override: no-destroy-stateful <reason>");
        result.Out.ShouldContain("Definition:");
        result.Out.ShouldContain("resource_types:");
    }

    [Fact]
    public void Explain_prints_a_check_kind()
    {
        var result = CliRunner.InProcess("explain", "terraform");
        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("max_changes");
    }

    [Fact]
    public void Explain_of_an_unknown_topic_exits_2_and_lists_known_ones()
    {
        var result = CliRunner.InProcess("explain", "no-such-rule");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no-destroy-stateful");
    }

    [Fact]
    public void Validate_accepts_the_default_policy()
    {
        var result = CliRunner.InProcess("validate", RepoPaths.InRepo("policies", "default", "default.yml"));
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldStartWith("ok: ");
    }

    [Fact]
    public void Validate_exits_2_with_positions_on_a_bad_policy()
    {
        var dir = Directory.CreateTempSubdirectory("pg-validate-");
        try
        {
            var file = Path.Combine(dir.FullName, "p.yml");
            File.WriteAllText(file, "version: 1\nrules:\n  - id: a\n    terraform: { resource_types: \"[\" }\n");
            var result = CliRunner.InProcess("validate", file);
            result.ExitCode.ShouldBe(2);
            result.Error.ShouldContain($"{file}:4:");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

public class PolicyReferenceTests
{
    [Fact]
    public void The_committed_policy_reference_is_what_the_rule_metadata_generates()
    {
        var generated = PipelineGuard.Reporting.PolicyReference.Markdown(PipelineGuard.PolicyLoading.PolicyLoader.LoadBuiltIn());
        var path = RepoPaths.InRepo("docs", "policy-reference.md");
        File.Exists(path).ShouldBeTrue("docs/policy-reference.md is missing: run pipeline-guard explain --reference > docs/policy-reference.md");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(generated.ReplaceLineEndings("\n"),
            "docs/policy-reference.md is out of date: run pipeline-guard explain --reference > docs/policy-reference.md");
    }

    [Fact]
    public void The_reference_documents_every_check_kind_and_every_built_in_rule()
    {
        var markdown = PipelineGuard.Reporting.PolicyReference.Markdown(PipelineGuard.PolicyLoading.PolicyLoader.LoadBuiltIn());
        foreach (var kind in PipelineGuard.PolicyLoading.CheckKinds.All.Keys) markdown.ShouldContain($"### `{kind}`");
        foreach (var rule in PipelineGuard.PolicyLoading.PolicyLoader.LoadBuiltIn().Rules) markdown.ShouldContain($"| `{rule.Id}` |");
    }
}
