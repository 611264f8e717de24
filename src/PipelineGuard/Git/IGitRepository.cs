namespace PipelineGuard.Git;

/// <summary>
/// Read-only access to a local repository by full commit SHA: what the deploy context, <c>--changed-since</c>,
/// <c>--policy-ref</c> and the pre-push hook read. <see cref="GitAccess.Open"/> gives LibGit2Sharp's
/// (in process) or, for a repository libgit2 cannot read (SHA-256 object format), the git program's.
/// </summary>
public interface IGitRepository : IDisposable
{
    /// <summary>The working tree's root (absolute), or null for a bare repository.</summary>
    string? TopLevel { get; }

    /// <summary>The .git folder (absolute).</summary>
    string GitDirectory { get; }

    bool IsShallow { get; }

    /// <summary>The checked-out branch's short name, or null on a detached HEAD.</summary>
    string? CurrentBranch { get; }

    /// <summary>A configuration value (repository, user and system config), or null.</summary>
    string? Config(string key);

    /// <summary>The full SHA of the commit a revision names (tags peeled), or null.</summary>
    string? ResolveCommit(GitRevision revision);

    CommitFacts ReadCommit(string sha);

    string? MergeBase(string a, string b);

    /// <summary>Paths that differ between the commit and the working tree (staged or not), and untracked, not ignored files.</summary>
    IReadOnlyDictionary<string, PathChange> ChangesSince(string baseSha);

    /// <summary>Paths added or modified (not deleted) from one commit to another.</summary>
    IReadOnlyList<string> PathsWritten(string fromSha, string toSha);

    /// <summary>Paths added or modified by the commits reachable from the tip and from no <c>refs/remotes/&lt;remote&gt;/*</c>.</summary>
    IReadOnlyList<string> PathsWrittenNotOnRemote(string tipSha, string remote);

    /// <summary>The bytes of the regular file at the path (from the root, forward slashes) in the commit, or null.</summary>
    byte[]? FileAt(string commitSha, string path);

    /// <summary>True when the commit has a folder at the path (empty: the root).</summary>
    bool IsFolder(string commitSha, string path);

    /// <summary>The regular files directly in the folder at the commit, as path from the root and blob id.</summary>
    IReadOnlyList<(string Path, string BlobId)> FilesIn(string commitSha, string folder);
}
