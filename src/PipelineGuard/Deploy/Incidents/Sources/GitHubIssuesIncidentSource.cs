using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: github-issues</c>: open issues carrying all the labels, in the named repository or the deploy's.</summary>
/// <param name="Repository">owner/name; null: the deploy's repository.</param>
/// <param name="Labels">Labels an issue must carry (default [incident]).</param>
public sealed record GitHubIssuesIncidentSource(string? Repository, IReadOnlyList<string> Labels) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "github-issues",
        "source: github-issues\nrepository: acme/ops",
        [
            ("repository", "owner/name (default: the deploy's repository)"),
            ("labels", "labels an issue must carry (default [incident])"),
            IncidentSourceKeys.TokenEnv, IncidentSourceKeys.Timeout, IncidentSourceKeys.Retries,
        ],
        ["GITHUB_TOKEN"],
        Parse);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts => [Repository, Labels.Count > 0 ? "labels=" + string.Join(',', Labels) : null];

    protected override IEnumerable<string?> KeyParts => [Repository, Joined(Labels)];

    private static GitHubIssuesIncidentSource Parse(YamlMap map, PolicyParseContext context)
    {
        var repository = map.String("repository");
        if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            map.Error("repository", $"'{repository}' is not a repository name owner/name");
        }
        var labels = map.StringList("labels");
        return IncidentSourceKeys.WithShared(new GitHubIssuesIncidentSource(repository, labels.Count == 0 ? ["incident"] : labels), map);
    }

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel)
    {
        var repository = Repository ?? context.Deploy.Repository
            ?? throw new ApiException("no repository: set 'repository' on the source (owner/name) or run on GitHub Actions");
        var client = new GitHubClient(context.Transport, GitHubClient.ApiBaseFrom(context.Environment), context.Token(this, required: false));
        return client.GetOpenIssueIncidentsAsync(repository, Labels, cancel);
    }
}
