using System.Security.Cryptography;
using System.Text;
using PipelineGuard.Git;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.PolicyLoading;

/// <summary>
/// The policy files as they are at a git ref (<c>--policy-ref</c>, the pull request's base branch in the
/// GitHub Action), so a change cannot weaken the policy that judges it. Paths inside the repository are
/// read from that commit, never from the working tree; a path outside the repository (a file the change
/// cannot edit) is read from disk as given.
/// </summary>
public sealed class PolicyAtRef : IDisposable
{
    private readonly IGitRepository _repository;

    private PolicyAtRef(IGitRepository repository, string topLevel, string sha, GitRevision revision)
    {
        _repository = repository;
        Sha = sha;
        TopLevel = topLevel;
        Ref = revision.Value;
    }

    /// <summary>The ref as given.</summary>
    public string Ref { get; }

    /// <summary>The commit the ref names.</summary>
    public string Sha { get; }

    /// <summary>The repository's working tree root.</summary>
    public string TopLevel { get; }

    /// <summary>How the policy's source is named in reports: the ref and its commit.</summary>
    public string Describe => $"{Ref} ({Sha[..12]})";

    /// <summary>Opens the repository holding <paramref name="directory"/> at <paramref name="gitRef"/>; any failure is an input error (never the working tree instead).</summary>
    public static PolicyAtRef Open(string directory, string gitRef, string source = "--policy-ref")
    {
        var revision = GitRevision.Parse(gitRef, source);
        var repository = GitAccess.Open(directory)
            ?? throw new InputException(source, null, null, $"{directory} is not inside a git repository, so the policy cannot be read at '{gitRef}'");
        try
        {
            var topLevel = repository.TopLevel ?? throw new InputException(source, null, null, "the repository has no working tree");
            var commit = repository.ResolveCommit(revision) ?? throw new InputException(source, null, null,
                $"git has no commit '{gitRef}' to read the policy from" +
                (repository.IsShallow ? " (this is a shallow clone: fetch the base, e.g. actions/checkout with fetch-depth: 0)" : ""));
            return new PolicyAtRef(repository, topLevel, commit, revision);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    /// <summary>The repository-relative path (forward slashes) of a full path, or null when it is outside the repository.</summary>
    public string? Relative(string fullPath)
    {
        var relative = Path.GetRelativePath(TopLevel, Path.GetFullPath(fullPath));
        if (relative == ".") return "";
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>True when the commit has a file at the path.</summary>
    public bool HasFile(string relative) => _repository.FileAt(Sha, relative) is not null;

    /// <summary>True when the commit has a folder at the path holding at least one *.yml or *.yaml file.</summary>
    public bool HasPolicyFolder(string relative) => PolicyFilesIn(relative).Any();

    /// <summary>
    /// The policy texts at the commit for a repository-relative file or folder (a folder: its *.yml and
    /// *.yaml files directly in it, by name). Each is named <c>path@commit</c>. Missing, too large or not
    /// UTF-8 is an error, as for a file on disk.
    /// </summary>
    public IReadOnlyList<PolicyLoader.PolicyText> TextsAt(string relative, List<PolicyError> errors)
    {
        var name = $"{(relative.Length == 0 ? "." : relative)}@{Sha[..12]}";
        if (_repository.FileAt(Sha, relative) is { } bytes) return Decode(name, bytes, errors) is { } text ? [text] : [];
        if (_repository.IsFolder(Sha, relative))
        {
            var files = PolicyFilesIn(relative).ToList();
            if (files.Count == 0) errors.Add(new PolicyError(new SourcePosition(name, 1, 1), $"the policy folder holds no *.yml or *.yaml file at {Describe}"));
            return [.. files.Select(f => Decode($"{f.Path}@{Sha[..12]}", _repository.FileAt(Sha, f.Path) ?? [], errors)).OfType<PolicyLoader.PolicyText>()];
        }
        errors.Add(new PolicyError(new SourcePosition(name, 1, 1), $"no such policy file or folder at {Describe}"));
        return [];
    }

    /// <summary>
    /// The policy paths (repository-relative files, or files inside folders) whose working-tree content differs
    /// from the commit: what this change edits in the policy. Added, changed and deleted files all count.
    /// </summary>
    public IReadOnlyList<string> EditedInWorkingTree(IEnumerable<string> relativePaths)
    {
        var edited = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var relative in relativePaths)
        {
            var onDisk = Path.Combine(TopLevel, relative.Replace('/', Path.DirectorySeparatorChar));
            var atRef = PolicyFilesIn(relative).ToDictionary(f => f.Path, f => f.BlobId, StringComparer.Ordinal);
            if (_repository.FileAt(Sha, relative) is { } committed) atRef[relative] = BlobId(committed);
            var present = new Dictionary<string, string>(StringComparer.Ordinal);
            if (File.Exists(onDisk)) present[relative] = BlobId(onDisk);
            else if (Directory.Exists(onDisk))
            {
                foreach (var file in Directory.EnumerateFiles(onDisk).Where(IsPolicyFileName))
                {
                    present[relative.Length == 0 ? Path.GetFileName(file) : $"{relative}/{Path.GetFileName(file)}"] = BlobId(file);
                }
            }
            foreach (var path in atRef.Keys.Union(present.Keys))
            {
                if (atRef.GetValueOrDefault(path) != present.GetValueOrDefault(path)) edited.Add(path);
            }
        }
        return [.. edited];
    }

    private IEnumerable<(string Path, string BlobId)> PolicyFilesIn(string relative) =>
        _repository.IsFolder(Sha, relative)
            ? _repository.FilesIn(Sha, relative).Where(f => IsPolicyFileName(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal)
            : [];

    private static bool IsPolicyFileName(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The git object id the file would have (SHA-1 or SHA-256, as the repository uses).</summary>
    private string BlobId(string file) => BlobId(File.ReadAllBytes(file));

    private string BlobId(byte[] bytes)
    {
        byte[] framed = [.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes];
#pragma warning disable CA5350 // git's object ids are SHA-1 in most repositories; this compares identity with git, nothing more.
        return Convert.ToHexStringLower(Sha.Length == 64 ? SHA256.HashData(framed) : SHA1.HashData(framed));
#pragma warning restore CA5350
    }

    private static PolicyLoader.PolicyText? Decode(string name, byte[] bytes, List<PolicyError> errors)
    {
        if (bytes.Length > Inputs.InputLimits.MaxPolicyBytes)
        {
            errors.Add(new PolicyError(new SourcePosition(name, 1, 1), $"the policy file is {bytes.Length} bytes; policies are limited to {Inputs.InputLimits.MaxPolicyBytes} bytes"));
            return null;
        }
        try
        {
            return new PolicyLoader.PolicyText(name, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF'), false);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new PolicyError(new SourcePosition(name, 1, 1), "the policy file is not valid UTF-8"));
            return null;
        }
    }

    public void Dispose() => _repository.Dispose();
}
