using PipelineGuard.Reporting;

namespace PipelineGuard.Cli;

/// <summary>The options of <c>check</c>, as parsed from the command line.</summary>
public sealed record CheckOptions
{
    public IReadOnlyList<string> Policies { get; init; } = [];
    public IReadOnlyList<string> Plans { get; init; } = [];
    public IReadOnlyList<string> Migrations { get; init; } = [];
    public string? ChangedSince { get; init; }
    public string? ContextFile { get; init; }
    public string? Environment { get; init; }
    public string? Service { get; init; }
    public string? Actor { get; init; }
    public string? Commit { get; init; }
    public string? Now { get; init; }
    public string? Mode { get; init; }

    /// <summary>The report files asked for: one per reporter of <see cref="Reporters.All"/> whose option was given.</summary>
    public IReadOnlyDictionary<Reporter, string> Reports { get; init; } = new Dictionary<Reporter, string>();

    public string? AuditLog { get; init; }
    public string? SourceRoot { get; init; }
    public bool Quiet { get; init; }

    /// <summary>Read the policy files as they are at this git ref instead of from the working tree.</summary>
    public string? PolicyRef { get; init; }

    /// <summary>The git repository commit facts and <see cref="PolicyRef"/> are read from; null: the working directory (the pre-push hook judges extracted files elsewhere).</summary>
    public string? RepositoryDirectory { get; init; }

    /// <summary>--wait-for-approval: how long to poll for an action-level approval before giving up (e.g. 30m).</summary>
    public string? WaitForApproval { get; init; }

    /// <summary>--postgres: trace on this server instead of an embedded one.</summary>
    public string? Postgres { get; init; }

    /// <summary>--assume-in-transaction: trace each file inside one transaction.</summary>
    public bool AssumeInTransaction { get; init; }
    public bool Verbose { get; init; }

    /// <summary>Whether git fills in the commit and branch; policy tests turn it off so a case depends only on its own inputs.</summary>
    public bool ReadGit { get; init; } = true;
}
