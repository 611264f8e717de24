using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using PipelineGuard.Git;
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

    // The refs a fetch may have written, in the order a pin, a name, a tag and a branch win.
    private static readonly string[] s_centralRefs = ["refs/central/pin", "refs/central/named", "refs/central/tag", "refs/central/branch"];

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
    /// Fetches the ref through LibGit2Sharp into the cache (https, ssh and file), checks a commit pin
    /// against what was fetched, extracts the pack's folder for that commit and verifies every file
    /// against the commit's tree. A commit already in the cache is not fetched again (a SHA never moves).
    /// </summary>
    public CentralCheckout Fetch(string cacheRoot)
    {
        var repoKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryUrl)))[..24];
        var gitDir = Path.Combine(cacheRoot, "git", repoKey + ".git");
        Directory.CreateDirectory(Path.Combine(cacheRoot, "git"));
        using var repoLock = LockFile(gitDir + ".lock");
        try
        {
            using var repository = LocalRepository.OpenOrInitBare(gitDir);
            var commit = IsPinnedToCommit && repository.FindCommit(new ObjectId(Ref)) is { } cached ? cached : FetchRef(repository);
            var tree = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, blob) in LocalRepository.FilesUnder(commit, PathInRepository)) tree[path] = blob.Sha;
            if (tree.Count == 0)
            {
                throw new InputException(Display, null, null,
                    PathInRepository.Length == 0 ? $"commit {commit.Sha} has no files" : $"commit {commit.Sha} has no folder '{PathInRepository}'");
            }
            var checkout = Path.Combine(cacheRoot, "checkouts", $"{commit.Sha}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PathInRepository)))[..12]}");
            if (!Directory.Exists(checkout) || Mismatch(checkout, tree) is not null)
            {
                Extract(commit, checkout);
                if (Mismatch(checkout, tree) is { } problem)
                {
                    throw new InputException(Display, null, null, $"the files extracted from commit {commit.Sha} do not match its tree: {problem}");
                }
            }
            var folder = PathInRepository.Length == 0 ? checkout : Path.Combine(checkout, PathInRepository.Replace('/', Path.DirectorySeparatorChar));
            return new CentralCheckout(this, commit.Sha, folder);
        }
        catch (LibGit2SharpException e)
        {
            throw new InputException(Display, null, null, $"git could not read the central policy: {Redact(e.Message)}", e);
        }
    }

    /// <summary>
    /// Fetches the ref (a tag, else a branch of that name, or the commit itself) into refs/central/ and
    /// returns its commit. libgit2 prompts for nothing; ssh runs the ssh program in batch mode; a fetch
    /// that does not end within the limit fails the policy.
    /// </summary>
    private Commit FetchRef(LocalRepository repository)
    {
        var git = repository.Inner;
        // ssh (libgit2 runs the ssh program): never ask for a password or a host key, unless the user configured their own command.
        if (repository.Config("core.sshCommand") is null) git.Config.Set("core.sshCommand", "ssh -o BatchMode=yes -o ConnectTimeout=30");
        string[] refspecs = IsPinnedToCommit
            ? [$"{Ref}:refs/central/pin"]
            : Ref.StartsWith("refs/", StringComparison.Ordinal)
                ? [$"+{Ref}:refs/central/named"]
                : [$"+refs/tags/{Ref}:refs/central/tag", $"+refs/heads/{Ref}:refs/central/branch"];
        foreach (var stale in git.Refs.FromGlob("refs/central/*").ToList()) git.Refs.Remove(stale);
        var remoteName = "central-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var options = new FetchOptions
        {
            TagFetchMode = TagFetchMode.None,
            Depth = 1,
            CredentialsProvider = (_, _, _) => Credentials(),
            // A transfer still going past the limit is cancelled.
            OnTransferProgress = _ => clock.Elapsed < s_gitTimeout,
            OnProgress = _ => clock.Elapsed < s_gitTimeout,
        };
        git.Network.Remotes.Add(remoteName, RepositoryUrl);
        try
        {
            var fetch = Task.Run(() => Commands.Fetch(git, remoteName, refspecs, options, null));
            if (!fetch.Wait(s_gitTimeout))
            {
                throw new InputException(Display, null, null, $"fetching ref '{Ref}' did not finish within {s_gitTimeout.TotalSeconds:0} s");
            }
        }
        catch (AggregateException e) when (e.InnerException is LibGit2SharpException inner)
        {
            var problem = IsPinnedToCommit ? $"the repository has no commit '{Ref}' it would hand out" : $"git could not fetch ref '{Ref}'";
            throw new InputException(Display, null, null, $"{problem}: {Redact(inner.Message)}", inner);
        }
        finally
        {
            // The URL may carry a token: it is not left in the cache's config.
            git.Network.Remotes.Remove(remoteName);
        }
        var fetched = s_centralRefs
            .Select(name => git.Refs[name]).OfType<Reference>().FirstOrDefault();
        var commit = fetched?.ResolveToDirectReference()?.Target?.Peel<Commit>()
            ?? throw new InputException(Display, null, null, $"the repository has no commit '{Ref}'");
        if (IsPinnedToCommit && commit.Sha != Ref)
        {
            throw new InputException(Display, null, null, $"the ref is pinned to commit {Ref} but git fetched {commit.Sha}; refusing the policy");
        }
        return commit;
    }

    /// <summary>The user and token written in an https URL (<c>https://user:token@host/...</c>), the only credentials used.</summary>
    private Credentials Credentials()
    {
        if (Uri.TryCreate(RepositoryUrl, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[..colon] : uri.UserInfo);
            var password = colon >= 0 ? Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]) : "";
            return new UsernamePasswordCredentials { Username = user, Password = password };
        }
        return new DefaultCredentials();
    }

    /// <summary>Writes the pack's files from the commit's tree into a fresh folder, then moves it into place.</summary>
    private void Extract(Commit commit, string checkout)
    {
        var temp = checkout + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(temp);
        foreach (var (path, blob) in LocalRepository.FilesUnder(commit, PathInRepository))
        {
            var target = Path.Combine(temp, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, LocalRepository.Bytes(blob));
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
}

/// <summary>A fetched, verified central pack: the commit it is at and the local folder holding its files.</summary>
public sealed record CentralCheckout(CentralPolicySource Source, string Commit, string Folder)
{
    /// <summary>What reports and the audit log record as the pack's origin.</summary>
    public string Origin => $"{Source.Display}@{Commit}";
}
