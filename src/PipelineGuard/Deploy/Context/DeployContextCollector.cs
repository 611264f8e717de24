using System.Collections;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Context;

/// <summary>The deploy metadata given on the command line; each one set wins over every other source.</summary>
public sealed record ContextFlags(string? Environment = null, string? Service = null, string? Actor = null, string? Commit = null)
{
    public static ContextFlags None { get; } = new();
}

/// <summary>
/// Builds the deploy context in the contract's order, later wins: CI platform variables (and the
/// event payload), then the <c>--context</c> file, then flags. Git then fills what is still missing
/// about the chosen commit (message, author, committer, tags, signature) and the branch.
/// </summary>
public static class DeployContextCollector
{
    public static DeployContext Collect(IDictionary environment, string? contextFile, ContextFlags flags, string workingDirectory) =>
        Collect(ToDictionary(environment), contextFile, flags, workingDirectory);

    /// <param name="readGit">False for hermetic runs (policy tests): only the variables, the file and the flags count.</param>
    public static DeployContext Collect(IReadOnlyDictionary<string, string> env, string? contextFile, ContextFlags flags, string workingDirectory, GitRepository? git = null, bool readGit = true)
    {
        var context = CiPlatform.Read(env);
        if (contextFile is not null)
        {
            var file = ContextFile.Read(contextFile);
            RejectPlatformFacts(context, file, contextFile);
            context = Merge(context, file);
        }
        context = Merge(context, new DeployContext
        {
            Environment = flags.Environment,
            Service = flags.Service,
            Actor = flags.Actor,
            Commit = flags.Commit is null ? null : new CommitInfo { Sha = flags.Commit },
        });

        if (readGit)
        {
            git ??= new GitRepository(workingDirectory);
            var fromGit = git.ReadCommit(context.Commit?.Sha ?? "HEAD", flags.Commit is not null ? "--commit" : "the commit SHA (from the CI variables or the context file)");
            if (fromGit is not null) context = context with { Commit = FillFrom(context.Commit, fromGit) };
            if (context.Branch is null && context.Platform == PlatformNames.Local) context = context with { Branch = git.CurrentBranch() };
        }
        if (string.IsNullOrEmpty(context.Commit?.Message) && CiPlatform.Get(env, "BUILD_SOURCEVERSIONMESSAGE") is { } title)
        {
            // Azure gives only the subject line: enough for commit tags, not for trailers.
            context = context with { Commit = (context.Commit ?? new CommitInfo()) with { Message = title, MessageIsSubjectOnly = true } };
        }
        return context;
    }

    /// <summary>
    /// On a CI platform the platform, the pull request and its head commit are the platform's facts: a context
    /// file that names another platform, pull request or head commit is refused, never merged over them.
    /// </summary>
    private static void RejectPlatformFacts(DeployContext platform, DeployContext file, string path)
    {
        if (platform.Platform is null or PlatformNames.Local) return;
        if (file.Platform is { } named && !string.Equals(named, platform.Platform, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException(path, null, null, $"the context file says platform '{named}', but this run is on {platform.Platform}; the platform is detected from the CI variables, not taken from a file");
        }
        var pr = platform.PullRequest;
        if (pr?.Number is { } number && file.PullRequest?.Number is { } claimed && claimed != number)
        {
            throw new InputException(path, null, null, $"the context file names pull request #{claimed}, but {platform.Platform}'s event is for #{number}; a context file cannot point the guard at another pull request");
        }
        if (pr?.HeadSha is { } head && file.PullRequest?.HeadSha is { } claimedHead && !ShaEquals(head, claimedHead))
        {
            throw new InputException(path, null, null, $"the context file names head commit {claimedHead}, but {platform.Platform}'s event says {head}; a context file cannot point the guard at another commit");
        }
    }

    /// <summary>Field by field, a value set in <paramref name="later"/> wins. A commit with another SHA replaces the earlier commit whole.</summary>
    public static DeployContext Merge(DeployContext earlier, DeployContext later) => new()
    {
        Environment = later.Environment ?? earlier.Environment,
        Service = later.Service ?? earlier.Service,
        Actor = later.Actor ?? earlier.Actor,
        TriggeringActor = later.TriggeringActor ?? (later.Actor is null ? earlier.TriggeringActor : null),
        Branch = later.Branch ?? earlier.Branch,
        Repository = later.Repository ?? earlier.Repository,
        RunUrl = later.RunUrl ?? earlier.RunUrl,
        Platform = later.Platform ?? earlier.Platform,
        Commit = MergeCommit(earlier.Commit, later.Commit),
        PullRequest = MergePullRequest(earlier.PullRequest, later.PullRequest),
        Incidents = later.Incidents.Count > 0 ? later.Incidents : earlier.Incidents,
    };

    private static CommitInfo? MergeCommit(CommitInfo? earlier, CommitInfo? later)
    {
        if (later is null) return earlier;
        if (earlier is null) return later;
        if (later.Sha is not null && earlier.Sha is not null && !ShaEquals(later.Sha, earlier.Sha)) return later;
        return Overlay(later, earlier, later.Sha ?? earlier.Sha);
    }

    private static PullRequestInfo? MergePullRequest(PullRequestInfo? earlier, PullRequestInfo? later)
    {
        if (later is null) return earlier;
        if (earlier is null) return later;
        return new PullRequestInfo
        {
            Number = later.Number ?? earlier.Number,
            Author = later.Author ?? earlier.Author,
            HeadSha = later.HeadSha ?? earlier.HeadSha,
            Approvals = later.Approvals.Count > 0 ? later.Approvals : earlier.Approvals,
            Assignees = later.Assignees.Count > 0 ? later.Assignees : earlier.Assignees,
        };
    }

    /// <summary>Git fills only what the other sources left empty; a short SHA given by a user is completed.</summary>
    private static CommitInfo FillFrom(CommitInfo? known, CommitInfo git)
    {
        if (known is null) return git;
        return Overlay(known, git, git.Sha ?? known.Sha);
    }

    /// <summary>Each field from <paramref name="preferred"/> where it has one, else from <paramref name="fallback"/>; the SHA as given.</summary>
    private static CommitInfo Overlay(CommitInfo preferred, CommitInfo fallback, string? sha) => new()
    {
        Sha = sha,
        Message = preferred.Message is { Length: > 0 } ? preferred.Message : fallback.Message ?? preferred.Message,
        MessageIsSubjectOnly = preferred.Message is { Length: > 0 } ? preferred.MessageIsSubjectOnly : fallback.Message is not null ? fallback.MessageIsSubjectOnly : preferred.MessageIsSubjectOnly,
        Tags = preferred.Tags is { Count: > 0 } ? preferred.Tags : fallback.Tags ?? preferred.Tags,
        Author = preferred.Author ?? fallback.Author,
        AuthorEmail = preferred.AuthorEmail ?? fallback.AuthorEmail,
        Committer = preferred.Committer ?? fallback.Committer,
        CommitterEmail = preferred.CommitterEmail ?? fallback.CommitterEmail,
        Signed = preferred.Signed ?? fallback.Signed,
    };

    private static bool ShaEquals(string a, string b) =>
        a.StartsWith(b, StringComparison.OrdinalIgnoreCase) || b.StartsWith(a, StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<string, string> ToDictionary(IDictionary environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in environment)
        {
            if (e.Key is string k && e.Value is string v) env[k] = v;
        }
        return env;
    }
}
