using System.IO.Enumeration;
using System.Text.RegularExpressions;

namespace PipelineGuard.Terraform;

/// <summary>Where a resource (or the module call that holds it) is declared: a <c>.tf</c> file and 1-based line.</summary>
public sealed record TerraformSource(string File, int Line);

/// <summary>
/// Maps plan resource addresses back to the <c>resource "type" "name"</c> blocks in the <c>.tf</c>
/// sources, so annotations land on the line a pull request changed. Module addresses are followed
/// through local <c>module</c> blocks (<c>source = "./modules/db"</c>); a resource inside a module
/// from a registry or git is placed on the module block that calls it.
/// </summary>
public sealed partial class TerraformSourceIndex
{
    private static readonly string[] s_skippedFolders = [".terraform", ".git", "node_modules", "bin", "obj"];

    /// <summary>Files larger than this are not scanned (generated .tf files are not where findings point).</summary>
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private const int MaxFiles = 20_000;

    private static bool IsSkippedFolder(ReadOnlySpan<char> name)
    {
        foreach (var skipped in s_skippedFolders)
        {
            if (name.SequenceEqual(skipped)) return true;
        }
        return false;
    }

    private readonly Dictionary<string, ModuleFolder> _folders;
    private readonly IReadOnlyList<string> _rootCandidates;

    public static TerraformSourceIndex Empty { get; } = new(new Dictionary<string, ModuleFolder>(StringComparer.Ordinal), "");

    /// <summary>The folder paths are reported relative to this prefix (the source root as the user gave it).</summary>
    private readonly string _displayPrefix;

    private TerraformSourceIndex(Dictionary<string, ModuleFolder> folders, string displayPrefix)
    {
        _folders = folders;
        _displayPrefix = displayPrefix;
        // Root modules are folders with .tf files that no other folder calls as a local module; shallow ones first.
        var called = folders.Values.SelectMany(f => f.LocalModuleFolders()).ToHashSet(StringComparer.Ordinal);
        _rootCandidates = folders.Keys
            .Where(k => !called.Contains(k))
            .OrderBy(k => k.Length == 0 ? 0 : k.Count(c => c == '/') + 1)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
    }

    public bool IsEmpty => _folders.Count == 0;

    /// <summary>
    /// Reads every <c>.tf</c> file under <paramref name="root"/>. <paramref name="displayRoot"/> is how
    /// returned paths begin (for example the root relative to the working directory; empty for none).
    /// </summary>
    public static TerraformSourceIndex Scan(string root, string displayRoot)
    {
        var folders = new Dictionary<string, ModuleFolder>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return new TerraformSourceIndex(folders, displayRoot);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        // Skipped folders are never entered: a checkout's bin/, obj/ and .git/ hold thousands of entries and no sources.
        var files = new FileSystemEnumerable<string>(root, static (ref entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory && entry.FileName.EndsWith(".tf", StringComparison.Ordinal),
            ShouldRecursePredicate = static (ref entry) => !IsSkippedFolder(entry.FileName),
        };
        var count = 0;
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (++count > MaxFiles) break;
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes) continue;
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var folder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.LastIndexOf('/')] : "";
            if (!folders.TryGetValue(folder, out var module)) folders[folder] = module = new ModuleFolder(folder);
            module.Add(relative, text);
        }
        return new TerraformSourceIndex(folders, displayRoot);
    }

    /// <summary>Builds an index from in-memory files (relative path to text), for tests and callers with their own I/O.</summary>
    public static TerraformSourceIndex FromFiles(IEnumerable<(string RelativePath, string Text)> files, string displayRoot = "")
    {
        var folders = new Dictionary<string, ModuleFolder>(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            var relative = path.Replace('\\', '/');
            var folder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.LastIndexOf('/')] : "";
            if (!folders.TryGetValue(folder, out var module)) folders[folder] = module = new ModuleFolder(folder);
            module.Add(relative, text);
        }
        return new TerraformSourceIndex(folders, displayRoot);
    }

    /// <summary>Plan files (as findings name them) to their folder relative to the scanned root: the root module is usually beside its plan.</summary>
    public IReadOnlyDictionary<string, string> PlanFolders { get; private init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The same index, told which folder each plan file is in.</summary>
    public TerraformSourceIndex WithPlanFolders(IReadOnlyDictionary<string, string> planFolders) =>
        new(_folders, _displayPrefix) { PlanFolders = planFolders };

    /// <summary>
    /// The declaration of a plan address such as <c>module.db["a"].aws_db_instance.main[0]</c>, or null when
    /// not found. Several root modules (live/prod, live/staging) may declare the same address: the one in the
    /// plan's folder (or the nearest folder above it) wins, and when none does and more than one matches the
    /// answer is null, because a wrong line is worse than the plan's own.
    /// </summary>
    public TerraformSource? Locate(string address, string? planFile = null)
    {
        if (_folders.Count == 0) return null;
        var (modules, kind, type, name) = ParseAddress(address);
        if (type is null || name is null) return null;
        var matches = new List<(string Root, TerraformSource Source)>();
        foreach (var root in _rootCandidates)
        {
            if (LocateFrom(root, modules, kind, type, name) is { } found) matches.Add((root, found));
        }
        if (matches.Count <= 1) return matches.Count == 1 ? matches[0].Source : null;
        if (planFile is not null && PlanFolders.TryGetValue(planFile, out var planFolder))
        {
            for (var folder = planFolder; ; folder = folder.Contains('/', StringComparison.Ordinal) ? folder[..folder.LastIndexOf('/')] : "")
            {
                foreach (var (root, source) in matches)
                {
                    if (root == folder) return source;
                }
                if (folder.Length == 0) break;
            }
        }
        return null;
    }

    private TerraformSource? LocateFrom(string rootFolder, IReadOnlyList<string> modules, string kind, string type, string name)
    {
        var folder = rootFolder;
        TerraformSource? lastCall = null;
        foreach (var moduleName in modules)
        {
            if (!_folders.TryGetValue(folder, out var current) || !current.ModuleCalls.TryGetValue(moduleName, out var call)) return lastCall;
            lastCall = Display(call.Declaration);
            if (call.LocalFolder is not { } next || !_folders.ContainsKey(next))
            {
                // A module from a registry or git: its source is not here, so the call is the closest line.
                return lastCall;
            }
            folder = next;
        }
        if (_folders.TryGetValue(folder, out var target) && target.Blocks.TryGetValue((kind, type, name), out var block)) return Display(block);
        return modules.Count == 0 ? null : lastCall;
    }

    private TerraformSource Display(TerraformSource source) =>
        _displayPrefix.Length == 0 ? source : source with { File = _displayPrefix.TrimEnd('/') + "/" + source.File };

    /// <summary>Splits an address into its module names (instance keys dropped), mode, type and name.</summary>
    internal static (IReadOnlyList<string> Modules, string Kind, string? Type, string? Name) ParseAddress(string address)
    {
        var parts = SplitAddress(address);
        var modules = new List<string>();
        var i = 0;
        while (i + 1 < parts.Count && parts[i] == "module")
        {
            modules.Add(StripIndex(parts[i + 1]));
            i += 2;
        }
        var kind = "resource";
        if (i < parts.Count && parts[i] == "data")
        {
            kind = "data";
            i++;
        }
        if (i + 1 >= parts.Count) return (modules, kind, null, null);
        return (modules, kind, parts[i], StripIndex(parts[i + 1]));
    }

    /// <summary>Splits at dots outside brackets and quotes: <c>module.a["x.y"].t.n</c> has four parts.</summary>
    private static List<string> SplitAddress(string address)
    {
        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case '[': depth++; break;
                case ']': depth--; break;
                case '.' when depth == 0:
                    parts.Add(address[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(address[start..]);
        return parts;
    }

    private static string StripIndex(string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? part : part[..bracket];
    }

    [GeneratedRegex("""^[ \t]*(resource|data)[ \t]+"?([A-Za-z0-9_\-]+)"?[ \t]+"?([A-Za-z0-9_\-]+)"?[ \t]*\{""", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceHeader();

    [GeneratedRegex("""^[ \t]*module[ \t]+"?([A-Za-z0-9_\-]+)"?[ \t]*\{""", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleHeader();

    [GeneratedRegex("""^[ \t]*source[ \t]*=[ \t]*"([^"]*)"[ \t]*$""", RegexOptions.CultureInvariant)]
    private static partial Regex SourceAttribute();

    private sealed record ModuleCall(TerraformSource Declaration, string? LocalFolder);

    /// <summary>The blocks declared in one folder (one terraform module).</summary>
    private sealed class ModuleFolder(string folder)
    {
        public Dictionary<(string Kind, string Type, string Name), TerraformSource> Blocks { get; } = [];
        public Dictionary<string, ModuleCall> ModuleCalls { get; } = new(StringComparer.Ordinal);

        public IEnumerable<string> LocalModuleFolders() =>
            ModuleCalls.Values.Select(c => c.LocalFolder).OfType<string>();

        public void Add(string relativeFile, string text)
        {
            var lines = text.Split('\n');
            string? openModule = null;
            TerraformSource? openModuleAt = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                var resource = ResourceHeader().Match(line);
                if (resource.Success)
                {
                    openModule = null;
                    Blocks.TryAdd((resource.Groups[1].Value, resource.Groups[2].Value, resource.Groups[3].Value), new TerraformSource(relativeFile, i + 1));
                    continue;
                }
                var module = ModuleHeader().Match(line);
                if (module.Success)
                {
                    openModule = module.Groups[1].Value;
                    openModuleAt = new TerraformSource(relativeFile, i + 1);
                    ModuleCalls.TryAdd(openModule, new ModuleCall(openModuleAt, null));
                    continue;
                }
                if (openModule is not null && openModuleAt is not null && SourceAttribute().Match(line) is { Success: true } source)
                {
                    ModuleCalls[openModule] = new ModuleCall(openModuleAt, LocalFolderOf(source.Groups[1].Value));
                    openModule = null;
                }
            }
        }

        /// <summary>A local module source (<c>./x</c>, <c>../x</c>) as a folder relative to the scan root; null for any other source.</summary>
        private string? LocalFolderOf(string source)
        {
            if (!source.StartsWith("./", StringComparison.Ordinal) && !source.StartsWith("../", StringComparison.Ordinal)) return null;
            var parts = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
            foreach (var part in source.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == ".") continue;
                if (part == "..")
                {
                    if (parts.Count == 0) return null;
                    parts.RemoveAt(parts.Count - 1);
                    continue;
                }
                parts.Add(part);
            }
            return string.Join('/', parts);
        }
    }
}
