using LibGit2Sharp;
using PipelineGuard.Model;

namespace PipelineGuard.Git;

/// <summary>The facts of one commit that rules and reports use.</summary>
public sealed record CommitFacts(string Sha, string Author, string AuthorEmail, string Committer, string CommitterEmail, string Message, IReadOnlyList<string> Tags);

/// <summary>How a path differs between a base commit and the working tree.</summary>
public enum PathChange
{
    Added,
    Modified,
    Deleted,
    Untracked,
}

/// <summary>
/// The program's one access to a local git repository, through LibGit2Sharp (libgit2 in process):
/// commits, tags, branch, merge-base, changes, files at a commit, shallow state. No git process and no
/// command line are involved, so no value read here can become an option. Revisions come in as
/// <see cref="GitRevision"/>, already validated.
/// </summary>
public sealed class LocalRepository : IGitRepository
{
    private readonly Repository _repository;

    static LocalRepository()
    {
        // In a container action the workspace belongs to another user. libgit2 runs no hooks, filters or
        // fsmonitor from the repository's config, so reading a repository owned by someone else is safe here.
        GlobalSettings.SetOwnerValidation(false);
    }

    private LocalRepository(Repository repository) => _repository = repository;

    /// <summary>The repository containing <paramref name="directory"/>, or null when there is none.</summary>
    public static LocalRepository? Discover(string directory)
    {
        var found = Repository.Discover(directory);
        if (found is null) return null;
        return new LocalRepository(new Repository(found));
    }

    /// <summary>Opens a repository at a git directory (a bare one, e.g. the central policy cache), creating it when missing.</summary>
    public static LocalRepository OpenOrInitBare(string gitDirectory)
    {
        if (!Directory.Exists(Path.Combine(gitDirectory, "objects"))) Repository.Init(gitDirectory, isBare: true);
        return new LocalRepository(new Repository(gitDirectory));
    }

    internal Repository Inner => _repository;

    /// <summary>The working tree's root (absolute, no trailing separator), or null for a bare repository.</summary>
    public string? TopLevel => _repository.Info.WorkingDirectory is { } w ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(w)) : null;

    /// <summary>The .git folder (absolute).</summary>
    public string GitDirectory => Path.TrimEndingDirectorySeparator(_repository.Info.Path);

    /// <summary>True for a shallow clone (actions/checkout's default depth 1): history and merge-bases are cut off.</summary>
    public bool IsShallow => _repository.Info.IsShallow;

    /// <summary>The checked-out branch's short name, or null on a detached HEAD or an unborn branch.</summary>
    public string? CurrentBranch => _repository.Info.IsHeadDetached || _repository.Info.IsHeadUnborn ? null : _repository.Head.FriendlyName;

    /// <summary>A configuration value (repository, user and system config), or null.</summary>
    public string? Config(string key) => _repository.Config.Get<string>(key)?.Value;

    /// <summary>The commit a revision names (tags peeled), or null when it names none.</summary>
    public Commit? FindCommit(GitRevision revision)
    {
        try
        {
            return _repository.Lookup(revision.Value)?.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    /// <summary>A commit by its object id (full SHA), or null.</summary>
    public Commit? FindCommit(ObjectId id) => _repository.Lookup<Commit>(id);

    public string? ResolveCommit(GitRevision revision) => FindCommit(revision)?.Sha;

    private Commit Get(string sha) => FindCommit(new ObjectId(sha)) ?? throw new InvalidOperationException($"no commit {sha}");

    public CommitFacts ReadCommit(string sha)
    {
        var commit = Get(sha);
        return new(commit.Sha, commit.Author.Name, commit.Author.Email, commit.Committer.Name, commit.Committer.Email, commit.Message.TrimEnd('\n'),
            [.. _repository.Tags.Where(t => t.PeeledTarget?.Id == commit.Id).Select(t => t.FriendlyName).Order(StringComparer.Ordinal)]);
    }

    public string? MergeBase(string a, string b) => _repository.ObjectDatabase.FindMergeBase(Get(a), Get(b))?.Sha;

    public IReadOnlyDictionary<string, PathChange> ChangesSince(string baseSha)
    {
        var changes = new Dictionary<string, PathChange>(StringComparer.Ordinal);
        foreach (var change in _repository.Diff.Compare<TreeChanges>(Get(baseSha).Tree, DiffTargets.Index | DiffTargets.WorkingDirectory))
        {
            changes[change.Path] = change.Status switch
            {
                ChangeKind.Added => PathChange.Added,
                ChangeKind.Deleted => PathChange.Deleted,
                _ => PathChange.Modified,
            };
        }
        foreach (var untracked in _repository.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true, IncludeIgnored = false }).Untracked)
        {
            changes[untracked.FilePath] = PathChange.Untracked;
        }
        return changes;
    }

    public IReadOnlyList<string> PathsWritten(string fromSha, string toSha) => Written(Get(fromSha), Get(toSha));

    private List<string> Written(Commit? from, Commit to) =>
        [.. _repository.Diff.Compare<TreeChanges>(from?.Tree, to.Tree)
            .Where(c => c.Status is not ChangeKind.Deleted and not ChangeKind.Unmodified)
            .Select(c => c.Path)];

    public IReadOnlyList<string> PathsWrittenNotOnRemote(string tipSha, string remote)
    {
        var known = _repository.Refs.FromGlob($"refs/remotes/{remote}/*")
            .Select(r => r.ResolveToDirectReference()?.Target as Commit).OfType<Commit>().ToList();
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var commit in _repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = Get(tipSha), ExcludeReachableFrom = known }))
        {
            foreach (var path in Written(commit.Parents.FirstOrDefault(), commit)) paths.Add(path);
        }
        return [.. paths];
    }

    public byte[]? FileAt(string commitSha, string path) => FileAt(Get(commitSha), path);

    public bool IsFolder(string commitSha, string path) => HasFolder(Get(commitSha), path);

    public IReadOnlyList<(string Path, string BlobId)> FilesIn(string commitSha, string folder) =>
        [.. FilesUnder(Get(commitSha), folder, recursive: false).Select(f => (f.Path, f.Blob.Sha))];

    /// <summary>The bytes of the file at <paramref name="path"/> (forward slashes, from the root) in the commit, or null when it has none there.</summary>
    public static byte[]? FileAt(Commit commit, string path)
    {
        if (commit[path] is not { TargetType: TreeEntryTargetType.Blob, Mode: Mode.NonExecutableFile or Mode.ExecutableFile } entry) return null;
        return Bytes((Blob)entry.Target);
    }

    /// <summary>True when the commit has a folder at <paramref name="path"/> (empty: the root).</summary>
    public static bool HasFolder(Commit commit, string path) => path.Length == 0 || commit[path] is { TargetType: TreeEntryTargetType.Tree };

    /// <summary>Every regular file under the folder (empty: the whole tree), as path from the root and blob. Links and submodules are left out.</summary>
    public static IEnumerable<(string Path, Blob Blob)> FilesUnder(Commit commit, string folder, bool recursive = true)
    {
        Tree? tree = folder.Length == 0 ? commit.Tree : commit[folder]?.Target as Tree;
        if (tree is null) yield break;
        var pending = new Stack<(string Prefix, Tree Tree)>();
        pending.Push((folder.Length == 0 ? "" : folder + "/", tree));
        while (pending.Count > 0)
        {
            var (prefix, current) = pending.Pop();
            foreach (var entry in current)
            {
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    if (recursive) pending.Push((prefix + entry.Name + "/", (Tree)entry.Target));
                }
                else if (entry is { TargetType: TreeEntryTargetType.Blob, Mode: Mode.NonExecutableFile or Mode.ExecutableFile })
                {
                    yield return (prefix + entry.Name, (Blob)entry.Target);
                }
            }
        }
    }

    public static byte[] Bytes(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Wraps a libgit2 failure as an input error naming what was being read.</summary>
    public static InputException Failure(string what, LibGit2SharpException e) => new(what, null, null, $"git: {e.Message}", e);

    public void Dispose() => _repository.Dispose();
}
