namespace PipelineGuard.Tests.Support;

/// <summary>Where the repository, its examples and the corpus of real fixtures are, found from the test binary.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PipelineGuard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("PipelineGuard.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding PipelineGuard.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>The real plans and migrations the tests read, kept in the repository (origins in its SOURCES.md).</summary>
    public static string Corpus => InRepo("tests", "corpus");

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string InCorpus(params string[] parts) => Path.Combine([Corpus, .. parts]);
}
