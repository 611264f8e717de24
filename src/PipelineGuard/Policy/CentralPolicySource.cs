using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>
/// A central policy pack in a git repository, named the way <c>--policy</c> takes it:
/// <c>git+https://host/org/policies.git//packs/prod?ref=v3</c> (also <c>git+ssh://</c> and
/// <c>git+file://</c>). The part after <c>//</c> is the folder inside the repository (the whole
/// repository when absent); <c>ref</c> is a tag, a branch or a commit SHA, and is required, so a
/// pipeline never follows whatever a branch points at today without saying so.
/// </summary>
public sealed partial record CentralPolicySource(string Spec, string RepositoryUrl, string PathInRepository, string Ref)
{
    public const string Prefix = "git+";

    private static readonly TimeSpan s_gitTimeout = TimeSpan.FromMinutes(2);

    [GeneratedRegex("^(?:[0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitSha();

    [GeneratedRegex("^[A-Za-z0-9._/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeRef();

    public static bool IsSpec(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>True when the ref is a full commit SHA: the fetched commit must then be exactly it.</summary>
    public bool IsPinnedToCommit => CommitSha().IsMatch(Ref);

    /// <summary>The spec with any credentials in the URL removed, for messages, reports and the audit log.</summary>
    public string Display => Redact(Spec);

    public static CentralPolicySource Parse(string spec)
    {
        if (!IsSpec(spec)) throw Bad(spec, $"a central policy starts with {Prefix}");
        var rest = spec[Prefix.Length..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0) throw Bad(spec, "expected git+https://, git+ssh:// or git+file:// followed by the repository");
        var schemeName = rest[..scheme];
        if (schemeName is not ("https" or "http" or "ssh" or "file"))
        {
            throw Bad(spec, $"'{schemeName}' is not a supported scheme; use git+https://, git+ssh:// or git+file://");
        }
        var split = rest.IndexOf("//", scheme + 3 + (schemeName == "file" ? 1 : 0), StringComparison.Ordinal);
        var repository = split >= 0 ? rest[..split] : rest;
        var path = split >= 0 ? rest[(split + 2)..].Trim('/') : "";
        if (path.Split('/').Any(part => part is ".." or "."))
        {
            throw Bad(spec, "the path inside the repository may not contain '.' or '..' segments");
        }
        string? gitRef = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq >= 0 ? pair[..eq] : pair;
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : "";
            if (key == "ref") gitRef = value;
            else throw Bad(spec, $"unknown parameter '{key}'; the only one is ref");
        }
        if (string.IsNullOrEmpty(gitRef))
        {
            throw Bad(spec, "a central policy needs a pinned ref: add ?ref=<tag, branch or commit SHA>, e.g. ?ref=v3");
        }
        if (!SafeRef().IsMatch(gitRef) || gitRef.StartsWith('-') || gitRef.Contains("..", StringComparison.Ordinal))
        {
            throw Bad(spec, $"'{gitRef}' is not a valid git ref name");
        }
        return new CentralPolicySource(spec, repository, path, gitRef);
    }

    private static InputException Bad(string spec, string problem) => new(Redact(spec), null, null, problem);

    /// <summary>Removes <c>user:password@</c> (tokens) from a URL.</summary>
    public static string Redact(string url) => UserInfo().Replace(url, "://");

    [GeneratedRegex("://[^/@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    /// <summary>Where fetched packs are kept: $XDG_CACHE_HOME/pipeline-guard, else ~/.cache/pipeline-guard.</summary>
    public static string CacheRoot(IReadOnlyDictionary<string, string?> environment)
    {
        var xdg = environment.GetValueOrDefault("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "pipeline-guard");
        var home = environment.GetValueOrDefault("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "pipeline-guard");
    }

    /// <summary>
    /// Fetches the ref with the git executable into the cache, checks a commit pin against what was
    /// fetched, extracts the pack's folder for that commit and verifies every file against the
    /// commit's tree. A commit already in the cache is not fetched again (a SHA never moves).
    /// </summary>
    public CentralCheckout Fetch(string cacheRoot)
    {
        var repoKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryUrl)))[..24];
        var gitDir = Path.Combine(cacheRoot, "git", repoKey + ".git");
        Directory.CreateDirectory(Path.Combine(cacheRoot, "git"));
        using var repoLock = LockFile(gitDir + ".lock");
        if (!Directory.Exists(Path.Combine(gitDir, "objects")))
        {
            Git(null, "init", "--quiet", "--bare", gitDir);
        }
        string commit;
        if (IsPinnedToCommit && TryGit(gitDir, out var known, "rev-parse", "--verify", "--quiet", Ref + "^{commit}") && known.Trim() == Ref)
        {
            commit = Ref;
        }
        else
        {
            if (!TryGit(gitDir, out var fetchError, "fetch", "--quiet", "--force", "--no-tags", "--depth", "1", RepositoryUrl, Ref))
            {
                // Some servers refuse to hand out a commit by SHA; then fetch the branches and tags and look for it.
                if (!IsPinnedToCommit ||
                    !TryGit(gitDir, out fetchError, "fetch", "--quiet", "--force", RepositoryUrl, "+refs/heads/*:refs/central/heads/*", "+refs/tags/*:refs/central/tags/*"))
                {
                    throw new InputException(Display, null, null, $"git could not fetch ref '{Ref}': {Redact(fetchError.Trim())}");
                }
            }
            var resolved = IsPinnedToCommit ? Ref + "^{commit}" : "FETCH_HEAD^{commit}";
            if (!TryGit(gitDir, out var sha, "rev-parse", "--verify", "--quiet", resolved))
            {
                throw new InputException(Display, null, null, $"the repository has no commit '{Ref}'");
            }
            commit = sha.Trim();
            if (IsPinnedToCommit && commit != Ref)
            {
                throw new InputException(Display, null, null, $"the ref is pinned to commit {Ref} but git fetched {commit}; refusing the policy");
            }
        }
        var tree = ListTree(gitDir, commit);
        if (tree.Count == 0)
        {
            throw new InputException(Display, null, null,
                PathInRepository.Length == 0 ? $"commit {commit} has no files" : $"commit {commit} has no folder '{PathInRepository}'");
        }
        var checkout = Path.Combine(cacheRoot, "checkouts", $"{commit}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PathInRepository)))[..12]}");
        if (!Directory.Exists(checkout) || Mismatch(checkout, tree) is not null)
        {
            Extract(gitDir, commit, checkout);
            if (Mismatch(checkout, tree) is { } problem)
            {
                throw new InputException(Display, null, null, $"the files extracted from commit {commit} do not match its tree: {problem}");
            }
        }
        var folder = PathInRepository.Length == 0 ? checkout : Path.Combine(checkout, PathInRepository.Replace('/', Path.DirectorySeparatorChar));
        return new CentralCheckout(this, commit, folder);
    }

    /// <summary>Path (relative to the checkout) to git blob SHA-1 of every file under the pack's folder.</summary>
    private Dictionary<string, string> ListTree(string gitDir, string commit)
    {
        var args = new List<string> { "ls-tree", "-r", "-z", "--full-tree", commit };
        if (PathInRepository.Length > 0) args.AddRange(["--", PathInRepository]);
        var output = Git(gitDir, [.. args]);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <sha>\t<path>"
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var meta = entry[..tab].Split(' ');
            if (meta[1] != "blob") continue;
            files[entry[(tab + 1)..]] = meta[2];
        }
        return files;
    }

    private void Extract(string gitDir, string commit, string checkout)
    {
        var temp = checkout + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(temp);
        var args = new List<string> { "archive", "--format=tar", commit };
        if (PathInRepository.Length > 0) args.AddRange(["--", PathInRepository]);
        var tar = GitBytes(gitDir, [.. args]);
        using (var stream = new MemoryStream(tar))
        {
            TarFile.ExtractToDirectory(stream, temp, overwriteFiles: true);
        }
        if (Directory.Exists(checkout)) Directory.Delete(checkout, recursive: true);
        Directory.Move(temp, checkout);
    }

    /// <summary>Null when the folder holds exactly the tree's files with the tree's contents; else what differs.</summary>
    private static string? Mismatch(string checkout, Dictionary<string, string> tree)
    {
        var present = Directory.EnumerateFiles(checkout, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(checkout, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (path, blob) in tree)
        {
            if (!present.Remove(path)) return $"'{path}' is missing";
            if (blob.Length != 40) continue; // a SHA-256 repository: its blob ids are not SHA-1
            var bytes = File.ReadAllBytes(Path.Combine(checkout, path));
#pragma warning disable CA5350 // git's object ids are SHA-1; this checks identity against git, not security on its own.
            var id = Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
#pragma warning restore CA5350
            if (id != blob) return $"'{path}' differs from the commit";
        }
        return present.Count > 0 ? $"'{present.First()}' is not in the commit" : null;
    }

    private static FileStream LockFile(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < s_gitTimeout)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string Git(string? gitDir, params string[] args)
    {
        var (code, output, error) = RunGit(gitDir, args);
        if (code != 0) throw new InputException("git", null, null, $"'git {args[0]}' failed: {Redact(error.Trim())}");
        return Encoding.UTF8.GetString(output);
    }

    private static byte[] GitBytes(string? gitDir, params string[] args)
    {
        var (code, output, error) = RunGit(gitDir, args);
        if (code != 0) throw new InputException("git", null, null, $"'git {args[0]}' failed: {Redact(error.Trim())}");
        return output;
    }

    private static bool TryGit(string? gitDir, out string outputOrError, params string[] args)
    {
        var (code, output, error) = RunGit(gitDir, args);
        outputOrError = code == 0 ? Encoding.UTF8.GetString(output) : error;
        return code == 0;
    }

    private static (int Code, byte[] Output, string Error) RunGit(string? gitDir, string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (gitDir is not null)
        {
            start.ArgumentList.Add("--git-dir");
            start.ArgumentList.Add(gitDir);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        // Never wait for a password prompt in a pipeline; never let the caller's repository leak in.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment.Remove("GIT_DIR");
        start.Environment.Remove("GIT_WORK_TREE");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException("git", null, null, "could not start git");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InputException("git", null, null, $"the git executable is needed to fetch central policies and could not be started: {ex.Message}", ex);
        }
        using (process)
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_gitTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InputException("git", null, null, $"'git {args[0]}' did not finish within {s_gitTimeout.TotalSeconds:0} s");
            }
            copy.GetAwaiter().GetResult();
            return (process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
        }
    }
}

/// <summary>A fetched, verified central pack: the commit it is at and the local folder holding its files.</summary>
public sealed record CentralCheckout(CentralPolicySource Source, string Commit, string Folder)
{
    /// <summary>What reports and the audit log record as the pack's origin.</summary>
    public string Origin => $"{Source.Display}@{Commit}";
}
