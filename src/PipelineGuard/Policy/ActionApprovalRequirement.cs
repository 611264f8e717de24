namespace PipelineGuard.Policy;

/// <summary>
/// <c>override.action_approval</c>: a block is lifted only by <see cref="Min"/> distinct eligible people who
/// approved this run's digest (plan, migrations, policy, commit, environment), never their own change.
/// </summary>
/// <param name="SlackWebhookEnv">The environment variable holding a Slack incoming-webhook URL, or null.</param>
/// <param name="TeamsWebhookEnv">The environment variable holding a Microsoft Teams incoming-webhook URL, or null.</param>
/// <param name="TokenEnv">The variable holding the platform token (default GITHUB_TOKEN / SYSTEM_ACCESSTOKEN).</param>
public sealed record ActionApprovalRequirement(
    int Min,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Users,
    string? SlackWebhookEnv,
    string? TeamsWebhookEnv,
    string? TokenEnv)
{
    public static readonly IReadOnlyList<(string Key, string Meaning)> Keys =
    [
        ("min", "How many distinct eligible people must approve the digest (default 1)."),
        ("teams", "Teams (policy 'teams', or org/team on GitHub) an approver must belong to."),
        ("users", "Users who may approve, in addition to the teams."),
        ("slack_webhook_env", "The environment variable holding a Slack incoming-webhook URL; posted only when the digest changes."),
        ("teams_webhook_env", "The environment variable holding a Microsoft Teams incoming-webhook URL; posted only when the digest changes."),
        ("token_env", "The environment variable holding the platform token (default GITHUB_TOKEN / SYSTEM_ACCESSTOKEN)."),
    ];

    /// <summary>The variables whose values it reads as secrets: webhook URLs are credentials too, whoever has one can post to the channel.</summary>
    public IReadOnlyList<string> SecretVariables => [.. new[] { TokenEnv, SlackWebhookEnv, TeamsWebhookEnv }.OfType<string>()];

    /// <summary>The exact comment that approves, for messages and the request.</summary>
    public static string ApproveCommand(string digest) => $"/pipeline-guard approve {digest[..ApprovalDigestText.MinPrefix]} <reason>";

    public string Describe()
    {
        var from = string.Join(", ", Teams.Select(t => "team " + t).Concat(Users));
        return $"get {Min} action-level approval{(Min == 1 ? "" : "s")} from {from} (not the author, committer, co-authors, who triggered the run or asked an agent for it; never a bot) " +
               $"by commenting '/pipeline-guard approve <digest prefix, {ApprovalDigestText.MinPrefix}+ hex> <reason>' on the pull request";
    }

    internal static ActionApprovalRequirement? Parse(YamlMap? map)
    {
        if (map is null) return null;
        var min = (int)(map.Integer("min", 1, 20) ?? 1);
        var teams = map.StringList("teams");
        var users = map.StringList("users");
        var slack = EnvName(map, "slack_webhook_env");
        var teamsHook = EnvName(map, "teams_webhook_env");
        var token = EnvName(map, "token_env");
        map.RejectUnknownKeys(Keys.Select(k => k.Key));
        if (teams.Count == 0 && users.Count == 0)
        {
            // "Anyone but the author" is too weak for an approval that names a digest: say who.
            map.Error("teams", "'action_approval' needs 'teams' or 'users': who may approve");
        }
        return new ActionApprovalRequirement(min, teams, users, slack, teamsHook, token);
    }

    private static string? EnvName(YamlMap map, string key)
    {
        var name = map.String(key);
        if (name is not null && (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            map.Error(key, $"'{key}' names an environment variable, not '{name}'; never put a URL or token itself in a policy");
            return null;
        }
        return name;
    }
}

/// <summary>How a digest is written and cited.</summary>
public static class ApprovalDigestText
{
    /// <summary>The shortest prefix an approval may cite: 12 hex digits (48 bits), so no prefix matches by luck.</summary>
    public const int MinPrefix = 12;

    public const string Algorithm = "sha256";
}
