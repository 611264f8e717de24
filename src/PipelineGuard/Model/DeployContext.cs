namespace PipelineGuard.Model;

/// <summary>Who deploys what, where and from which commit: the deploy metadata facts.</summary>
public sealed record DeployContext
{
    public string? Environment { get; init; }
    public string? Service { get; init; }
    public string? Actor { get; init; }
    public string? Branch { get; init; }
    public string? Repository { get; init; }
    public string? RunUrl { get; init; }
    /// <summary>github | azure-pipelines | jenkins | local</summary>
    public string? Platform { get; init; }
    public CommitInfo? Commit { get; init; }
    public PullRequestInfo? PullRequest { get; init; }
    public IReadOnlyList<Incident> Incidents { get; init; } = [];
    /// <summary>The login that triggered this attempt when it differs from <see cref="Actor"/> (GitHub re-runs).</summary>
    public string? TriggeringActor { get; init; }

    public static DeployContext Empty { get; } = new();
}

public sealed record CommitInfo
{
    public string? Sha { get; init; }
    /// <summary>The full commit message; null when no source gave it (no git in the run, only a SHA).</summary>
    public string? Message { get; init; }
    /// <summary>True when <see cref="Message"/> is only the subject line (Azure's BUILD_SOURCEVERSIONMESSAGE): trailers are unknown.</summary>
    public bool MessageIsSubjectOnly { get; init; }
    /// <summary>The git tags pointing at the commit; null when they could not be read.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Author { get; init; }
    public string? Committer { get; init; }
    public bool? Signed { get; init; }
    /// <summary>Author and committer e-mail addresses: a GitHub noreply address names the login, so self-approval is caught across identities.</summary>
    public string? AuthorEmail { get; init; }
    public string? CommitterEmail { get; init; }
}

public sealed record PullRequestInfo
{
    public int? Number { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<Approval> Approvals { get; init; } = [];
    /// <summary>The PR's head commit, against which stale approvals are judged.</summary>
    public string? HeadSha { get; init; }
    /// <summary>The base branch's commit the PR is compared with: the policy that judges the PR is read there.</summary>
    public string? BaseSha { get; init; }
    /// <summary>Logins the PR is assigned to: for a coding agent's PR, the people who asked for it.</summary>
    public IReadOnlyList<string> Assignees { get; init; } = [];
}

/// <summary>A review decision by one user. <paramref name="State"/>: approved | changes_requested | commented | dismissed | stale | rejected | waiting_for_author. Only approved counts.</summary>
public sealed record Approval(string User, string State, string Source = "context");

/// <summary>An incident in the shape of the context file's <c>incidents</c>.</summary>
public sealed record Incident(string Id, string Impact, string Status, IReadOnlyList<string> Services)
{
    public string? Title { get; init; }
    public string? Url { get; init; }
}
