using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Rules;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy;

/// <summary>How the policy-driven fetches reach the network; tests point the handler and timeouts at a loopback server.</summary>
public sealed record DeployFetchOptions
{
    public ApiCallOptions Calls { get; init; } = ApiCallOptions.Default;

    /// <summary>The HTTP handler to use; null: a new SocketsHttpHandler.</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>
/// The fetches a policy asks for, run once before evaluation: every incident source of the
/// <c>incident</c> rules, PR approvals from GitHub or Azure DevOps (for <c>approval</c> rules and
/// approval overrides), and GitHub team members for teams the policy does not define.
/// </summary>
public static class DeployFactsFetcher
{
    public static async Task<EvaluationFacts> FetchAsync(
        PolicySet policy,
        EvaluationFacts facts,
        IReadOnlyDictionary<string, string> env,
        DeployFetchOptions? options = null,
        CancellationToken cancel = default)
    {
        options ??= new DeployFetchOptions();
        // Redirects are followed by ApiTransport, which keeps a token on its own host.
        using var http = options.Handler is null ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) : new HttpClient(options.Handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;

        // A rule that cannot apply to this deploy (another environment, service or branch) costs no call.
        var rules = RulesInScope(policy, facts.Context);
        var incidentSources = rules.Select(r => r.Check).OfType<IncidentCheck>().Select(c => (c.FetchKey, c.Options.Source)).ToList();
        var incidentsTask = new IncidentFetcher(http, env, options.Calls).FetchAsync(incidentSources, facts.Context, cancel);
        var approvalsTask = FetchApprovalsAsync(rules, facts.Context, env, http, options.Calls, cancel);
        var teamsTask = FetchTeamsAsync(rules, policy, env, http, options.Calls, cancel);

        var incidents = await incidentsTask.ConfigureAwait(false);
        var (context, approvalErrors) = await approvalsTask.ConfigureAwait(false);
        var (teams, teamErrors) = await teamsTask.ConfigureAwait(false);

        var mergedTeams = new Dictionary<string, IReadOnlySet<string>>(facts.Teams, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, members) in policy.Teams) mergedTeams.TryAdd(name, members);
        foreach (var (name, members) in teams) mergedTeams[name] = members;

        return facts with
        {
            Context = context,
            IncidentSources = incidents,
            ApprovalSourceErrors = approvalErrors,
            Teams = mergedTeams,
            TeamErrors = teamErrors,
        };
    }

    /// <summary>The rules whose scope does not exclude this deploy (an undetermined scope still counts: the engine reports it).</summary>
    public static IReadOnlyList<PolicyRule> RulesInScope(PolicySet policy, DeployContext context) =>
        [.. policy.Rules.Where(r => ScopeMatching.Judge(r, policy, context).Status != RuleStatus.OutOfScope)];

    /// <summary>
    /// The approval sources to read: those named by <c>approval</c> rules, plus the run's own platform
    /// when an override accepts approvals.
    /// </summary>
    public static IReadOnlySet<ApprovalSource> ApprovalSourcesNeeded(IEnumerable<PolicyRule> rules, DeployContext context)
    {
        var needed = new HashSet<ApprovalSource>();
        foreach (var rule in rules)
        {
            if (rule.Check is ApprovalCheck a && a.Options.Source != ApprovalSource.Context) needed.Add(a.Options.Source);
            if (rule.Override?.Approvals is not null)
            {
                if (context.Platform == PlatformNames.GitHub) needed.Add(ApprovalSource.GitHub);
                if (context.Platform == PlatformNames.AzurePipelines) needed.Add(ApprovalSource.AzureDevOps);
            }
        }
        return needed;
    }

    private static async Task<(DeployContext, IReadOnlyDictionary<string, string>)> FetchApprovalsAsync(
        IReadOnlyList<PolicyRule> rules, DeployContext context, IReadOnlyDictionary<string, string> env, HttpClient http, ApiCallOptions calls, CancellationToken cancel)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var needed = ApprovalSourcesNeeded(rules, context);
        if (needed.Count == 0) return (context, errors);
        var tokenEnvs = rules.Select(r => r.Check).OfType<ApprovalCheck>()
            .Where(a => a.Options.TokenEnv is not null)
            .GroupBy(a => a.Options.Source)
            .ToDictionary(g => g.Key, g => g.First().Options.TokenEnv!);

        var pr = context.PullRequest ?? new PullRequestInfo();
        var fetched = new List<Approval>(pr.Approvals);
        var transport = new ApiTransport(http, calls);
        foreach (var source in needed)
        {
            var word = source == ApprovalSource.GitHub ? "github" : "azure-devops";
            try
            {
                if (source == ApprovalSource.GitHub)
                {
                    var repository = context.Repository ?? throw new ApiException("no repository is known (GITHUB_REPOSITORY)");
                    var token = TokenFrom(env, tokenEnvs.GetValueOrDefault(source) ?? "GITHUB_TOKEN");
                    var client = new GitHubClient(transport, GitHubClient.ApiBaseFrom(env), token);
                    if (pr.Number is null && context.Commit?.Sha is { } sha)
                    {
                        // A push to main after a merge: the approvals are on the PR the commit came from.
                        if (await client.FindPullRequestAsync(repository, sha, cancel).ConfigureAwait(false) is { } found)
                        {
                            pr = pr with { Number = found.Number, Author = pr.Author ?? found.Author, HeadSha = pr.HeadSha ?? found.HeadSha };
                        }
                    }
                    if (pr.Number is not { } number) throw new ApiException("no pull request is known for this run or its commit");
                    fetched.AddRange(await client.GetReviewDecisionsAsync(repository, number, pr.HeadSha ?? context.Commit?.Sha, cancel).ConfigureAwait(false));
                }
                else
                {
                    if (pr.Number is not { } number) throw new ApiException("no pull request number is known for this run (SYSTEM_PULLREQUEST_PULLREQUESTID)");
                    var repo = AzureRepositoryOfRun.FromEnvironment(env);
                    var token = TokenFrom(env, tokenEnvs.GetValueOrDefault(source) ?? "SYSTEM_ACCESSTOKEN");
                    var client = new AzureDevOpsClient(transport, token);
                    pr = pr with { Author = pr.Author ?? await client.GetPullRequestAuthorAsync(repo.Collection, repo.Project, repo.RepositoryId, number, cancel).ConfigureAwait(false) };
                    fetched.AddRange(await client.GetReviewerVotesAsync(repo.Collection, repo.Project, repo.RepositoryId, number, cancel).ConfigureAwait(false));
                }
            }
            catch (ApiException ex)
            {
                errors[word] = ex.Message;
            }
        }
        return (context with { PullRequest = pr with { Approvals = fetched } }, errors);
    }

    /// <summary>Teams named in rules or overrides that the policy does not define and that read org/team are looked up on GitHub.</summary>
    private static async Task<(IReadOnlyDictionary<string, IReadOnlySet<string>>, IReadOnlyDictionary<string, string>)> FetchTeamsAsync(
        IReadOnlyList<PolicyRule> rules, PolicySet policy, IReadOnlyDictionary<string, string> env, HttpClient http, ApiCallOptions calls, CancellationToken cancel)
    {
        var teams = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            if (rule.Check is ApprovalCheck a) named.UnionWith(a.Options.Teams);
            if (rule.Check is ActorCheck actor)
            {
                named.UnionWith(actor.Options.Allow?.Teams ?? []);
                named.UnionWith(actor.Options.Deny?.Teams ?? []);
            }
            if (rule.Override?.Approvals is { } o) named.UnionWith(o.Teams);
            if (rule.Override?.ActionApproval is { } action) named.UnionWith(action.Teams);
        }
        var toFetch = named.Where(t => !policy.Teams.ContainsKey(t) && t.TrimStart('@').Split('/') is [{ Length: > 0 }, { Length: > 0 }]).ToList();
        if (toFetch.Count == 0) return (teams, errors);

        var client = new GitHubClient(new ApiTransport(http, calls), GitHubClient.ApiBaseFrom(env), TokenFrom(env, "GITHUB_TOKEN"));
        foreach (var team in toFetch)
        {
            var parts = team.TrimStart('@').Split('/');
            try
            {
                var members = await client.GetTeamMembersAsync(parts[0], parts[1], cancel).ConfigureAwait(false);
                teams[team] = new HashSet<string>(members, StringComparer.OrdinalIgnoreCase);
            }
            catch (ApiException ex)
            {
                errors[team] = ex.Message;
            }
        }
        return (teams, errors);
    }

    private static string? TokenFrom(IReadOnlyDictionary<string, string> env, string variable) =>
        env.TryGetValue(variable, out var token) && !string.IsNullOrWhiteSpace(token) ? token.Trim() : null;
}
