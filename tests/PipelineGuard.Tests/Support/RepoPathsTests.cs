using System.Reflection;
using System.Text.RegularExpressions;

namespace PipelineGuard.Tests.Support;

/// <summary>The suite passes from a fresh clone: no test reads a file outside the repository.</summary>
public sealed partial class RepoPathsTests
{
    // A string literal naming a folder called shared (../shared, "shared", @"..\shared"), or the repository root climbed out of.
    [GeneratedRegex("""["'](?:[^"'\r\n]*[/\\])?shared(?:[/\\][^"'\r\n]*)?["']|Root\s*,\s*"\.\.[/\\"]|Root\s*\+\s*"[/\\]?\.\.""", RegexOptions.IgnoreCase)]
    private static partial Regex OutsidePathLiteral();

    [Fact]
    public void Every_root_the_tests_read_from_lies_inside_the_repository()
    {
        var root = Path.GetFullPath(RepoPaths.Root) + Path.DirectorySeparatorChar;
        var roots = typeof(RepoPaths).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => (p.Name, Path: Path.GetFullPath((string)p.GetValue(null)!)))
            .ToList();

        roots.ShouldContain(r => r.Name == nameof(RepoPaths.Corpus));
        foreach (var (name, path) in roots.Where(r => r.Name != nameof(RepoPaths.Root)))
        {
            (path + Path.DirectorySeparatorChar).ShouldStartWith(root, Case.Sensitive, $"RepoPaths.{name} is outside the repository");
            Directory.Exists(path).ShouldBeTrue($"RepoPaths.{name} ({path}) does not exist in the clone");
        }
    }

    [Fact]
    public void The_corpus_the_tests_read_names_the_origin_of_each_source()
    {
        var sources = File.ReadAllText(RepoPaths.InCorpus("SOURCES.md"));
        foreach (var folder in Directory.EnumerateDirectories(RepoPaths.InCorpus("terraform-plans"))
                     .Concat(Directory.EnumerateDirectories(RepoPaths.InCorpus("migrations"))))
        {
            var name = Path.GetFileName(folder);
            sources.ShouldContain($"### {name}:", customMessage: $"tests/corpus/SOURCES.md has no section for {name}");
        }
        sources.ShouldContain("commit:");
        sources.ShouldContain("license:");
    }

    [Fact]
    public void No_test_source_names_a_path_outside_the_repository()
    {
        var testsRoot = RepoPaths.InRepo("tests");
        var offenders = Directory.EnumerateFiles(testsRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !f.EndsWith(nameof(RepoPathsTests) + ".cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => OutsidePathLiteral().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.ShouldBeEmpty("tests must read fixtures from the repository (tests/corpus, with SOURCES.md), not from beside it");
    }

    [Theory]
    [InlineData("""var p = Path.Combine(Root, "..", "shared", "corpus");""")]
    [InlineData("""File.ReadAllText("../shared/corpus/x.json");""")]
    [InlineData("""var dir = @"..\shared\docs";""")]
    [InlineData("""var up = Path.Combine(RepoPaths.Root, "../elsewhere");""")]
    [InlineData("""var up = Path.Combine(RepoPaths.Root, "..", "corpus");""")]
    public void The_scan_recognises_a_path_that_leaves_the_repository(string line) =>
        OutsidePathLiteral().IsMatch(line).ShouldBeTrue();

    [Theory]
    [InlineData("""var p = RepoPaths.InCorpus("migrations", "squawk");""")]
    [InlineData("""// the count is shared by the SQL tests""")]
    [InlineData("""- targets: ["db/../../elsewhere/*.sql"]""")]
    [InlineData("""public void Rules_shared_by_one_dialect() { }""")]
    public void The_scan_leaves_paths_inside_the_repository_alone(string line) =>
        OutsidePathLiteral().IsMatch(line).ShouldBeFalse();

    private static bool IsBuildOutput(string file)
    {
        var parts = file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
