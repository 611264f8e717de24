using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>Where an <c>approval</c> rule reads approvals from.</summary>
public enum ApprovalSource { Context, GitHub, AzureDevOps }

/// <summary>The options of an <c>approval</c> rule.</summary>
public sealed record ApprovalOptions(int Min, IReadOnlyList<string> Teams, IReadOnlyList<string> Users, bool ExcludeAuthor, ApprovalSource Source, string? TokenEnv)
{
    /// <summary>The <see cref="Approval.Source"/> word approvals from this source carry.</summary>
    public string SourceWord => Source switch
    {
        ApprovalSource.GitHub => "github",
        ApprovalSource.AzureDevOps => "azure-devops",
        _ => "context",
    };
}

/// <summary>
/// The <c>approval</c> check: trips unless at least <c>min</c> distinct users approved, from the
/// named teams or users when given, never the author, committer or who triggered the run.
/// </summary>
public sealed class ApprovalCheck(ApprovalOptions options) : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        "approval",
        "A deploy needs approvals from people other than its author.",
        "Four eyes: a second person who did not write the change has looked at it before it reaches this environment.",
        "Ask a reviewer from the named teams to approve the pull request; your own approval, the committer's and the approval of whoever triggered the run do not count.",
        [
            ("min", "How many distinct approvers are needed (default 1)."),
            ("teams", "Teams (policy 'teams', or org/team on GitHub) an approver must belong to."),
            ("users", "Users who may approve, in addition to the teams."),
            ("exclude_author", "true (default): the PR author, commit author, committer, co-authors, whoever asked a coding agent for the change (its human co-author or author, the assignees of an agent's pull request) and the triggering actor never count."),
            ("source", "context (default; the context file's pullRequest.approvals) | github (PR reviews) | azure-devops (PR reviewer votes)."),
            ("token_env", "github / azure-devops: the environment variable holding the API token (default GITHUB_TOKEN / SYSTEM_ACCESSTOKEN)."),
        ],
        """
        - id: prod-needs-dba-approval
          description: Production migrations need a DBA's approval.
          severity: high
          enforcement: block
          when: { environments: [production] }
          approval:
            min: 1
            teams: [dba]
            source: github
        """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public ApprovalOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    /// <summary>Its token_env (the platform tokens it reads by default are redacted anyway).</summary>
    public IReadOnlyList<string> SecretVariables => Options.TokenEnv is { } variable ? [variable] : [];

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var o = Options;
        var tally = ApprovalCounter.Count(facts, o.Teams, o.Users, o.ExcludeAuthor, o.SourceWord);
        if (tally.Counted.Count >= o.Min) yield break;

        var from = o.Teams.Count > 0 || o.Users.Count > 0
            ? " from " + string.Join(", ", o.Teams.Select(t => "team " + t).Concat(o.Users))
            : "";
        var message = $"{o.Min} approval{(o.Min == 1 ? "" : "s")}{from} needed, {tally.Counted.Count} counted ({tally.CountedText}).";
        if (tally.Ignored.Count > 0) message += $" Not counted: {tally.IgnoredText}.";
        if (facts.ApprovalSourceErrors.TryGetValue(o.SourceWord, out var error)) message += $" Approvals from {o.SourceWord} could not be read: {error}.";
        if (o.Source != ApprovalSource.Context && facts.Context.PullRequest?.Number is null) message += " No pull request is known for this run.";
        var unresolved = o.Teams.Where(t => ApprovalCounter.TeamMembers(facts.Teams, t) is null).ToList();
        foreach (var team in unresolved)
        {
            message += facts.TeamErrors.TryGetValue(team, out var teamError)
                ? $" Team {team} could not be resolved: {teamError}."
                : $" Team {team} is not defined.";
        }
        yield return new Violation(message, Target.Deployment, "approvals");
    }

    private static readonly Dictionary<string, ApprovalSource> s_sources = new(StringComparer.Ordinal)
    {
        ["context"] = ApprovalSource.Context,
        ["github"] = ApprovalSource.GitHub,
        ["azure-devops"] = ApprovalSource.AzureDevOps,
    };

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var min = (int)(map.Integer("min", 1, 100) ?? 1);
        var teams = map.StringList("teams");
        var users = map.StringList("users");
        var excludeAuthor = map.Bool("exclude_author") ?? true;
        var source = map.Word("source", s_sources) ?? ApprovalSource.Context;
        var tokenEnv = map.String("token_env");
        if (tokenEnv is not null && source == ApprovalSource.Context) map.Error("token_env", "'token_env' is used only with source github or azure-devops");
        if (tokenEnv is not null && !tokenEnv.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            map.Error("token_env", $"'token_env' names an environment variable, not '{tokenEnv}'; never put the token itself in a policy");
        }
        map.RejectUnknownKeys(["min", "teams", "users", "exclude_author", "source", "token_env"]);
        return new ApprovalCheck(new ApprovalOptions(min, teams, users, excludeAuthor, source, tokenEnv));
    }
}
