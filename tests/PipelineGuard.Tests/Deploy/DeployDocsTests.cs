using System.Text.RegularExpressions;
using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Rules;
using PipelineGuard.Deploy.Windows;
using PipelineGuard.Engine;
using PipelineGuard.Tests.Support;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

/// <summary>The documentation's examples are policies too: they must load and do what the text says.</summary>
public partial class DeployDocsTests
{
    private static string Doc => File.ReadAllText(RepoPaths.InRepo("docs", "deploy-context.md"));

    [GeneratedRegex("```yaml\n(version: 1\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex PolicyBlock();

    [Fact]
    public void The_freeze_example_blocks_with_the_message_the_doc_shows_and_its_trailer_overrides_it()
    {
        var yaml = PolicyBlock().Match(Doc).Groups[1].Value;
        var policy = PolicyLoader.LoadTexts([("docs/deploy-context.md", yaml, false)]);
        var context = new DeployContext { Environment = "production", Commit = new CommitInfo { Sha = "abc", Author = "alice", Message = "Fix rounding in card payments" } };

        var blocked = PolicyEvaluator.Evaluate(policy, Facts(context, "2026-12-24T10:00:00Z")).Findings.ShouldHaveSingleItem();
        blocked.Outcome.ShouldBe(Outcome.Block);
        var shown = Regex.Match(Doc, "the finding reads:\n\n```\n(.*?)\n```", RegexOptions.Singleline).Groups[1].Value.Replace("\n", " ", StringComparison.Ordinal);
        blocked.Message.ShouldBe(shown);

        var trailer = Regex.Match(Doc, "\n(Guard-Override: .*)\n").Groups[1].Value;
        var hotfix = context with { Commit = context.Commit with { Message = "Fix rounding in card payments\n\n" + trailer } };
        var lifted = PolicyEvaluator.Evaluate(policy, Facts(hotfix, "2026-12-24T10:00:00Z")).Findings.ShouldHaveSingleItem();
        lifted.Outcome.ShouldBe(Outcome.Overridden);
        lifted.Override!.Reason.ShouldBe("INC-42 checkout is down, this is the fix");
    }

    public static TheoryData<string> Kinds => ["window", "incident", "approval", "commit", "actor"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_deploy_kinds_explain_example_is_a_valid_policy(string kind)
    {
        var info = CheckKinds.All[kind].Info;
        var yaml = "version: 1\nteams:\n  dba: [bob]\n  platform: [alice]\nrules:\n" + string.Join('\n', info.Example.Split('\n').Select(l => "  " + l));
        var policy = PolicyLoader.LoadTexts([("example.yml", yaml, false)]);
        policy.Rules.ShouldHaveSingleItem().Check.Kind.Name.ShouldBe(kind);
    }

    [Fact]
    public void The_five_deploy_kinds_are_registered()
    {
        CheckKinds.All["window"].ShouldBe(WindowCheck.Definition);
        CheckKinds.All["incident"].ShouldBe(IncidentCheck.Definition);
        CheckKinds.All["approval"].ShouldBe(ApprovalCheck.Definition);
        CheckKinds.All["commit"].ShouldBe(CommitCheck.Definition);
        CheckKinds.All["actor"].ShouldBe(ActorCheck.Definition);
    }
}
