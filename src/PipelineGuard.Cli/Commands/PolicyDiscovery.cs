using PipelineGuard.Policy;

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
