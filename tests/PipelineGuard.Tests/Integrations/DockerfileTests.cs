using System.Text.RegularExpressions;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>The action's image builds from the repository root with only what the Dockerfile copies in.</summary>
public sealed partial class DockerfileTests
{
    [GeneratedRegex(@"^COPY\s+(?!--from)(.+)\s+\S+$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    // Files at the root that MSBuild and the analyzers read for every project under src/.
    private static readonly string[] s_rootBuildFiles = [".editorconfig", "Directory.Build.props", "Directory.Packages.props"];

    [Fact]
    public void The_image_build_copies_every_root_file_the_build_reads()
    {
        var copied = CopyLine().Matches(File.ReadAllText(RepoPaths.InRepo("Dockerfile")))
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in s_rootBuildFiles)
        {
            File.Exists(RepoPaths.InRepo(file)).ShouldBeTrue($"{file} is no longer at the root: update this list");
            copied.ShouldContain(file, $"the Dockerfile does not COPY {file}: the image build would compile with other settings (or fail: warnings are errors)");
        }
        copied.ShouldContain("src/");
    }

    [Fact]
    public void The_build_context_does_not_ignore_a_file_the_image_build_copies()
    {
        var ignored = File.ReadAllLines(RepoPaths.InRepo(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var file in s_rootBuildFiles) ignored.ShouldNotContain(file);
    }
}
