using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.PolicyLoading;

namespace PipelineGuard.Cli.Commands;

/// <summary>Finds and loads the policy: the given files, else .pipeline-guard.yml or policies/ in the working directory, else the built-in default.</summary>
public static class PolicyDiscovery
{
    public const string RepoPolicyFile = ".pipeline-guard.yml";
    public const string RepoPolicyFolder = "policies";

    public static PolicySet Load(IReadOnlyList<string> given, CommandIo io)
    {
        if (given.Count > 0) return PolicyLoader.Load(given.Select(p => Locate(p, io)));
        var file = Path.Combine(io.WorkingDirectory, RepoPolicyFile);
        if (File.Exists(file)) return PolicyLoader.Load([Display(RepoPolicyFile, io)]);
        var folder = Path.Combine(io.WorkingDirectory, RepoPolicyFolder);
        if (Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)))
        {
            return PolicyLoader.Load([Display(RepoPolicyFolder, io)]);
        }
        return PolicyLoader.LoadBuiltIn();
    }

    /// <summary>
    /// The policy as it is at a git ref (<c>--policy-ref</c>): the given paths inside the repository, or the
    /// default discovery, read from that commit; central packs and paths outside the repository as usual.
    /// Returns the notices the report carries: where the policy came from, and which policy files the
    /// change edits (those edits do not judge this change).
    /// </summary>
    public static (PolicySet Policy, IReadOnlyList<Notice> Notices) LoadAtRef(IReadOnlyList<string> given, CommandIo io, string gitRef, string repositoryDirectory)
    {
        using var atRef = PolicyAtRef.Open(repositoryDirectory, gitRef);
        var errors = new List<PolicyError>();
        var texts = new List<PolicyLoader.PolicyText>();
        var readAtRef = new List<string>();
        var watched = new List<string>();
        if (given.Count == 0)
        {
            // Discovery looks where check would: the working directory (for the hook, the repository's root).
            var here = atRef.Relative(repositoryDirectory)
                ?? throw new UsageException($"--policy-ref: {repositoryDirectory} is outside the repository at {atRef.TopLevel}");
            var file = here.Length == 0 ? RepoPolicyFile : $"{here}/{RepoPolicyFile}";
            var folder = here.Length == 0 ? RepoPolicyFolder : $"{here}/{RepoPolicyFolder}";
            watched.AddRange([file, folder]);
            if (atRef.HasFile(file)) readAtRef.Add(file);
            else if (atRef.HasPolicyFolder(folder)) readAtRef.Add(folder);
        }
        foreach (var path in given)
        {
            if (CentralPolicySource.IsSpec(path) || atRef.Relative(io.Resolve(path)) is not { } relative)
            {
                texts.AddRange(PolicyLoader.ReadTexts([Locate(path, io)], errors));
                continue;
            }
            watched.Add(relative);
            readAtRef.Add(relative);
        }
        foreach (var relative in readAtRef) texts.AddRange(atRef.TextsAt(relative, errors));
        if (errors.Count > 0) throw new PolicyLoadException(errors);
        var policy = texts.Count == 0 ? PolicyLoader.LoadBuiltIn() : PolicyLoader.LoadTexts(texts);
        var notices = new List<Notice>
        {
            new("info", readAtRef.Count == 0
                ? $"policy: {atRef.Describe} has no policy file, so the built-in policy judges this change"
                : $"policy: read as at {atRef.Describe} ({string.Join(", ", readAtRef)}), not from the working tree"),
        };
        if (atRef.EditedInWorkingTree(watched) is { Count: > 0 } edited)
        {
            notices.Add(new Notice("warning",
                $"this change edits policy files ({string.Join(", ", edited)}); they were not used to judge it: the policy as at {atRef.Describe} was. The edits take effect once merged."));
        }
        return (policy, notices);
    }

    /// <summary>A local path as given, or a central pack (git+...) fetched into the cache and verified.</summary>
    private static PolicyLocation Locate(string given, CommandIo io)
    {
        if (!CentralPolicySource.IsSpec(given)) return new PolicyLocation(Display(given, io));
        var checkout = CentralPolicySource.Parse(given).Fetch(CentralPolicySource.CacheRoot(io.Environment));
        return new PolicyLocation(checkout.Folder, checkout.Origin);
    }

    /// <summary>Paths stay as the user wrote them (relative to the working directory) so messages and reports name them that way.</summary>
    private static string Display(string path, CommandIo io) =>
        Path.IsPathRooted(path) || io.WorkingDirectory == Directory.GetCurrentDirectory() ? path : Path.Combine(io.WorkingDirectory, path);

    /// <summary>Reads a policy file's text for explain: the built-in one from the assembly.</summary>
    public static string? ReadText(string file)
    {
        if (file == PolicyLoader.BuiltInName) return PolicyLoader.BuiltInText();
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
