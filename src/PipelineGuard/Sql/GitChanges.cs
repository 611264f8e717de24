using PipelineGuard.Git;
using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>
/// What changed since a git ref, read through LibGit2Sharp: the merge-base of the ref
/// with HEAD, and every path added, modified or deleted since then (committed or not, plus untracked files).
/// </summary>
public sealed class GitChanges
{
    private readonly Dictionary<string, char> _statusByPath;

    private GitChanges(string topLevel, string baseCommit, Dictionary<string, char> statusByPath)
    {
        TopLevel = topLevel;
        BaseCommit = baseCommit;
        _statusByPath = statusByPath;
    }

    /// <summary>The repository's root folder (absolute).</summary>
    public string TopLevel { get; }

    public string BaseCommit { get; }

    /// <summary>Paths (relative to <see cref="TopLevel"/>, forward slashes) deleted since the base.</summary>
    public IEnumerable<string> Deleted => _statusByPath.Where(p => p.Value == 'D').Select(p => p.Key);

    /// <summary>The status of an absolute path: Added, Modified or Unchanged.</summary>
    public MigrationGitStatus StatusOf(string fullPath)
    {
        var relative = Relative(fullPath);
        return _statusByPath.TryGetValue(relative, out var s)
            ? s is 'A' or '?' ? MigrationGitStatus.Added : s == 'D' ? MigrationGitStatus.Unchanged : MigrationGitStatus.Modified
            : MigrationGitStatus.Unchanged;
    }

    public string Relative(string fullPath) => Path.GetRelativePath(TopLevel, fullPath).Replace('\\', '/');

    public static GitChanges Read(string workingDirectory, string changedSince)
    {
        var since = GitRevision.Parse(changedSince, "--changed-since");
        using var repository = GitAccess.Open(workingDirectory)
            ?? throw new InputException("--changed-since", null, null, $"{workingDirectory} is not inside a git repository");
        var topLevel = repository.TopLevel ?? throw new InputException("--changed-since", null, null, "the repository has no working tree");
        var head = repository.ResolveCommit(GitRevision.Head) ?? throw new InputException("--changed-since", null, null, "the repository has no commit at HEAD");
        var target = repository.ResolveCommit(since) ?? throw new InputException("--changed-since", null, null,
            $"git has no commit '{since}' to take the merge-base with HEAD from" + (repository.IsShallow ? " (this is a shallow clone: fetch the history, e.g. fetch-depth: 0)" : ""));
        var baseCommit = repository.MergeBase(target, head) ?? throw new InputException("--changed-since", null, null,
            $"'{since}' and HEAD share no history" + (repository.IsShallow ? " (this is a shallow clone: fetch the history, e.g. fetch-depth: 0)" : ""));
        var statuses = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var (path, change) in repository.ChangesSince(baseCommit))
        {
            statuses[path] = change switch
            {
                PathChange.Added => 'A',
                PathChange.Deleted => 'D',
                PathChange.Untracked => '?',
                _ => 'M',
            };
        }
        return new GitChanges(topLevel, baseCommit, statuses);
    }
}
