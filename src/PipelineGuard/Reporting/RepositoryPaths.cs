using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.PolicyLoading;

namespace PipelineGuard.Reporting;

/// <summary>
/// Resolves the paths findings carry (as the user wrote them, relative to the working directory)
/// against the repository root, because annotations, SARIF and PR diffs speak repository-relative paths.
/// </summary>
public sealed record RepositoryPaths(string WorkingDirectory, string Root)
{
    public string Absolute(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));

    /// <summary>The path relative to the repository root with forward slashes, or null when it lies outside the root.</summary>
    public string? RelativeToRoot(string path)
    {
        if (path.StartsWith(PolicyLoader.BuiltInName, StringComparison.Ordinal)) return null;
        var relative = Path.GetRelativePath(Root, Absolute(path));
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || relative.StartsWith("..\\", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }
        return relative.Replace('\\', '/');
    }

    /// <summary>Where a finding is best shown: the .tf source line when known, else the input file's position; null for a finding with no file.</summary>
    public static FindingPlace? PlaceOf(Finding finding)
    {
        var t = finding.Target;
        if (t.SourceFile is { } source) return new FindingPlace(source, t.SourceLine, null);
        if (t.File is { } file) return new FindingPlace(file, t.Line, t.Column);
        return null;
    }

    /// <summary>For a finding with no file: the line in the policy file where its rule is defined (null for the built-in policy).</summary>
    public static FindingPlace? RuleDefinition(Finding finding, Evaluation evaluation)
    {
        var rule = evaluation.Policy.Rules.FirstOrDefault(r => r.Id == finding.RuleId);
        if (rule is null || rule.Position.File.StartsWith(PolicyLoader.BuiltInName, StringComparison.Ordinal)) return null;
        return new FindingPlace(rule.Position.File, rule.Position.Line, rule.Position.Column);
    }
}

/// <summary>A file (as the finding names it) and an optional 1-based line and column.</summary>
public sealed record FindingPlace(string File, int? Line, int? Column);
