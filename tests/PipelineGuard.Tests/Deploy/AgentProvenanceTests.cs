using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy;

public class AgentProvenanceTests
{
    private static string Message(string commit) =>
        File.ReadAllText(RepoPaths.InRepo("tests", "PipelineGuard.Tests", "Fixtures", "agents", $"opentofu-{commit}.txt"));

    private static DeployContext Commit(string commit, string author, string email, PullRequestInfo? pr = null) => new()
    {
        Environment = "production",
        Actor = "deployer",
        Commit = new CommitInfo { Sha = commit, Message = Message(commit), Author = author, AuthorEmail = email, Committer = author, CommitterEmail = email },
        PullRequest = pr,
    };

    [Fact]
    public void Agent_markers_in_real_commit_messages_are_recognised_with_their_evidence()
    {
        var claudeCoAuthor = ChangeProvenance.Of(Commit("9822cd35ed664dde19c1268d158733b6321783a6", "Fiodor Tretyakov", "fiodor.tretyakov@gmail.com"), AgentMarkers.BuiltIn);
        claudeCoAuthor.Agents.ShouldBe(["claude"]);
        claudeCoAuthor.Evidence.Single().Where.ShouldBe("commit trailer Co-authored-by: Claude Opus 4.8 (1M context) <noreply@anthropic.com>");
        claudeCoAuthor.Requesters.ShouldContain("Fiodor Tretyakov");

        var assisted = ChangeProvenance.Of(Commit("e9a3b872907a42c7de2c5cd37109027ab9077023", "Dodothereal", "129273127+Dodothereal@users.noreply.github.com"), AgentMarkers.BuiltIn);
        assisted.Agents.ShouldBe(["claude"]);
        assisted.Evidence.Single().Where.ShouldBe("commit trailer Assisted-by: Claude Code");

        var copilot = ChangeProvenance.Of(Commit("71f3fda152370665e8733a56a906ac2a0f90ed09", "Andreas Grub", "agrub@meshcloud.io"), AgentMarkers.BuiltIn);
        copilot.Agents.ShouldBe(["copilot"]);
    }

    [Fact]
    public void A_human_whose_name_contains_aider_is_not_an_agent_and_dependency_bots_are_kept_apart()
    {
        var human = ChangeProvenance.Of(Commit("6614782e6da121c1e1464a9471d943c7cc939a6b", "Haider Bari", "haiderbari@rocketmail.com"), AgentMarkers.BuiltIn);
        human.MadeByAgent.ShouldBeFalse();
        human.Known.ShouldBeTrue();

        // aider's own commit format: the author name ends in " (aider)"; its co-author address is noreply@aider.chat.
        var aider = ChangeProvenance.Of(new DeployContext
        {
            Commit = new CommitInfo { Message = "feat: add retries\n\nCo-authored-by: aider (anthropic/claude-sonnet-4) <noreply@aider.chat>", Author = "Jane Doe (aider)", AuthorEmail = "jane@example.com" },
        }, AgentMarkers.BuiltIn);
        aider.Agents.ShouldBe(["aider"]);
        aider.Evidence.Count.ShouldBe(2);

        var bump = ChangeProvenance.Of(new DeployContext
        {
            Commit = new CommitInfo { Message = "Bump lodash from 4.17.20 to 4.17.21", Author = "dependabot[bot]", AuthorEmail = "49699333+dependabot[bot]@users.noreply.github.com" },
            PullRequest = new PullRequestInfo { Author = "dependabot[bot]" },
        }, AgentMarkers.BuiltIn);
        bump.MadeByAgent.ShouldBeFalse();
    }

    [Fact]
    public void An_agents_pull_request_names_the_agent_and_its_assignee_as_the_requester()
    {
        var context = new DeployContext
        {
            Commit = new CommitInfo { Message = "Fix the flaky test\n\nCo-authored-by: alice <12345+alice@users.noreply.github.com>", Author = "copilot-swe-agent[bot]", AuthorEmail = "198982749+Copilot@users.noreply.github.com" },
            PullRequest = new PullRequestInfo { Author = "Copilot", Assignees = ["alice"] },
        };
        var markers = AgentMarkers.BuiltIn;
        var provenance = ChangeProvenance.Of(context, markers);
        provenance.Agents.ShouldBe(["copilot"]);
        provenance.Requesters.ShouldContain("alice");
    }

    private const string AgentPolicy = """
        version: 1
        agents:
          accounts: ["acme-coder[bot]=acme-coder"]
        rules:
          - id: agent-migrations-need-two
            description: Agent-made production changes need two approvals, never the requester's.
            severity: high
            enforcement: block
            when: { environments: [production], made_by: agent }
            approval: { min: 1 }
          - id: no-devin-in-prod
            description: Devin's changes are not deployed to production.
            severity: high
            enforcement: block
            when: { environments: [production] }
            actor:
              deny: { agents: [devin, acme-coder] }
        """;

    [Fact]
    public void The_requester_of_an_agent_change_cannot_approve_it()
    {
        var policy = Build.Policy(AgentPolicy);
        var context = Commit("9822cd35ed664dde19c1268d158733b6321783a6", "Fiodor Tretyakov", "fiodor.tretyakov@gmail.com",
            new PullRequestInfo { Author = "fiodor", Approvals = [new Approval("Fiodor Tretyakov", "approved")] });
        var finding = Build.Evaluate(policy, context).Findings.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("agent-migrations-need-two");
        finding.Outcome.ShouldBe(Outcome.Block);

        // An agent's pull request: the assignee who asked Copilot for it is an author too.
        var copilotPr = new DeployContext
        {
            Environment = "production",
            Commit = new CommitInfo { Message = "Update the retry policy", Author = "copilot-swe-agent[bot]" },
            PullRequest = new PullRequestInfo { Author = "copilot-swe-agent[bot]", Assignees = ["alice"], Approvals = [new Approval("alice", "approved")] },
        };
        Build.Evaluate(policy, copilotPr).Findings.ShouldContain(f => f.RuleId == "agent-migrations-need-two");
        var reviewed = copilotPr with { PullRequest = copilotPr.PullRequest! with { Approvals = [new Approval("alice", "approved"), new Approval("bob", "approved")] } };
        Build.Evaluate(policy, reviewed).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Made_by_agent_scopes_a_rule_to_agent_changes_and_the_actor_kind_denies_agents_from_the_policy_list()
    {
        var policy = Build.Policy(AgentPolicy);
        var human = Commit("6614782e6da121c1e1464a9471d943c7cc939a6b", "Haider Bari", "haiderbari@rocketmail.com");
        var evaluation = Build.Evaluate(policy, human);
        evaluation.Findings.ShouldBeEmpty();
        evaluation.Rules.Single(r => r.Rule.Id == "agent-migrations-need-two").Status.ShouldBe(RuleStatus.OutOfScope);

        var devin = new DeployContext
        {
            Environment = "production",
            Commit = new CommitInfo { Message = "Add the billing export", Author = "devin-ai-integration[bot]" },
            PullRequest = new PullRequestInfo { Author = "devin-ai-integration[bot]", Approvals = [new Approval("bob", "approved")] },
        };
        var denied = Build.Evaluate(policy, devin).Findings.ShouldHaveSingleItem();
        denied.RuleId.ShouldBe("no-devin-in-prod");
        denied.Message.ShouldContain("coding agent 'devin' (commit author devin-ai-integration[bot])");

        var own = devin with { Commit = devin.Commit! with { Author = "acme-coder[bot]" }, PullRequest = devin.PullRequest! with { Author = "acme-coder[bot]" } };
        Build.Evaluate(policy, own).Findings.ShouldContain(f => f.RuleId == "no-devin-in-prod" && f.Message.Contains("'acme-coder'"));

        // No commit and no pull request: the agent-scoped rule is judged, not skipped on a guess.
        Build.Evaluate(policy, new DeployContext { Environment = "production" }).Rules
            .Single(r => r.Rule.Id == "agent-migrations-need-two").Status.ShouldBe(RuleStatus.Evaluated);
    }

    [Fact]
    public void A_made_by_word_that_is_not_agent_or_human_is_refused()
    {
        Build.PolicyErrors(AgentPolicy.Replace("made_by: agent", "made_by: robot", StringComparison.Ordinal))
            .ShouldContain(e => e.Message.Contains("'made_by' is agent or human"));
    }
}
