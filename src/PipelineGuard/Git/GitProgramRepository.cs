using System.Text;
using PipelineGuard.Model;
using PipelineGuard.Processes;

namespace PipelineGuard.Git;

/// <summary>
/// The same read-only access through the git program, for repositories the shipped libgit2 cannot read
/// (SHA-256 object format). Every call goes through <see cref="ProcessRunner"/>; commits are passed as
/// full SHAs after <c>--end-of-options</c>, paths after <c>--</c>, so nothing can be read as an option.
/// </summary>
public sealed class GitProgramRepository : IGitRepository
{
    private readonly string _directory;

    private GitProgramRepository(string directory, string? topLevel, string gitDirectory)
    {
        _directory = directory;
        TopLevel = topLevel;
        GitDirectory = gitDirectory;
    }

    public static GitProgramRepository? Open(string directory)
    {
        try
        {
            var found = GitAccess.Run(directory, ["rev-parse", "--absolute-git-dir", "--show-toplevel"]);
            if (!found.Succeeded) return null;
            var lines = found.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return new GitProgramRepository(directory, lines.Length > 1 ? lines[1] : null, lines[0]);
        }
        catch (ProcessFailedException)
        {
            return null;
        }
    }

    public string? TopLevel { get; }

    public string GitDirectory { get; }

    public bool IsShallow => Text("rev-parse", "--is-shallow-repository").Trim() == "true";

    public string? CurrentBranch => Try(["symbolic-ref", "--quiet", "--short", "HEAD"]) is { } name && name.Trim().Length > 0 ? name.Trim() : null;

    public string? Config(string key) => Try(["config", "--get", "--end-of-options", key])?.TrimEnd('\n');

    public string? ResolveCommit(GitRevision revision) =>
        Try(["rev-parse", "--verify", "--quiet", "--end-of-options", revision.Value + "^{commit}"])?.Trim();

    public CommitFacts ReadCommit(string sha)
    {
        var parts = Text("log", "-1", "--no-show-signature", "--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B", "--end-of-options", Sha(sha), "--").Split('\0');
        if (parts.Length < 6) throw new InputException("git", null, null, $"git log gave no commit for {sha}");
        var tags = Text("tag", "--points-at", Sha(sha)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CommitFacts(parts[0].Trim(), parts[1], parts[2], parts[3], parts[4], parts[5].TrimEnd('\n'), [.. tags.Order(StringComparer.Ordinal)]);
    }

    public string? MergeBase(string a, string b) => Try(["merge-base", "--end-of-options", Sha(a), Sha(b)])?.Trim();

    public IReadOnlyDictionary<string, PathChange> ChangesSince(string baseSha)
    {
        var changes = new Dictionary<string, PathChange>(StringComparer.Ordinal);
        var diff = Text("diff", "--name-status", "-z", "--no-renames", "--end-of-options", Sha(baseSha), "--").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < diff.Length; i += 2)
        {
            changes[diff[i + 1]] = diff[i][0] switch { 'A' => PathChange.Added, 'D' => PathChange.Deleted, _ => PathChange.Modified };
        }
        foreach (var untracked in Text("ls-files", "--others", "--exclude-standard", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            changes[untracked] = PathChange.Untracked;
        }
        return changes;
    }

    public IReadOnlyList<string> PathsWritten(string fromSha, string toSha) =>
        Text("diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", "--end-of-options", Sha(fromSha), Sha(toSha), "--")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> PathsWrittenNotOnRemote(string tipSha, string remote) =>
        [.. Text("log", "--format=", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", "--not", $"--remotes={remote}", "--not", "--end-of-options", Sha(tipSha), "--")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public byte[]? FileAt(string commitSha, string path)
    {
        var entry = Entries(commitSha, path).FirstOrDefault(e => e.Path == path);
        if (entry.Path is null || entry.Type != "blob" || entry.Mode is not ("100644" or "100755")) return null;
        var blob = GitAccess.Run(_directory, ["cat-file", "blob", "--end-of-options", entry.Id]);
        return blob.Succeeded ? blob.Output : throw Failed("cat-file", blob);
    }

    public bool IsFolder(string commitSha, string path) =>
        path.Length == 0 || Entries(commitSha, path).Any(e => e.Path == path && e.Type == "tree");

    public IReadOnlyList<(string Path, string BlobId)> FilesIn(string commitSha, string folder) =>
        [.. Entries(commitSha, folder.Length == 0 ? "" : folder + "/")
            .Where(e => e.Type == "blob" && e.Mode is "100644" or "100755")
            .Select(e => (e.Path, e.Id))];

    /// <summary>ls-tree entries for a path (a trailing '/' lists a folder's content).</summary>
    private IEnumerable<(string Mode, string Type, string Id, string Path)> Entries(string commitSha, string path)
    {
        string[] args = path.Length == 0
            ? ["ls-tree", "-z", "--full-tree", "--end-of-options", Sha(commitSha)]
            : ["ls-tree", "-z", "--full-tree", "--end-of-options", Sha(commitSha), "--", path];
        foreach (var entry in Text(args).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <id>\t<path>"
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var meta = entry[..tab].Split(' ');
            yield return (meta[0], meta[1], meta[2], entry[(tab + 1)..]);
        }
    }

    /// <summary>Only full object names are passed on; anything else is a bug in the caller.</summary>
    private static string Sha(string sha) =>
        sha.Length is 40 or 64 && sha.All(Uri.IsHexDigit) ? sha : throw new ArgumentException($"not a full object name: {sha}", nameof(sha));

    private string Text(params string[] args)
    {
        var result = GitAccess.Run(_directory, args);
        return result.Succeeded ? Encoding.UTF8.GetString(result.Output) : throw Failed(args[0], result);
    }

    private string? Try(string[] args)
    {
        var result = GitAccess.Run(_directory, args);
        return result.Succeeded ? result.OutputText : null;
    }

    private static InputException Failed(string command, ProcessResult result) =>
        new("git", null, null, $"'git {command}' failed: {result.Error.Trim()}");

    public void Dispose()
    {
        // Nothing is held between calls.
    }
}
