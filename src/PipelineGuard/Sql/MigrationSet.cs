using System.Collections.Concurrent;
using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>
/// The migration facts of one run: the files read, the set-level issues found, and the git base they
/// were compared with. Analyses are memoised per settings, so ten <c>sql</c> rules with the same dialect
/// lex each file once; the cache is thread-safe and holds only results derived from the immutable files.
/// </summary>
public sealed partial class MigrationSet
{
    private readonly ConcurrentDictionary<SqlAnalysisSettings, Lazy<FileAnalysis>[]> _analyses = new();

    public MigrationSet(IReadOnlyList<MigrationFile> files, IReadOnlyList<MigrationSetIssue> issues, string? baseCommit = null, string? baseRef = null)
    {
        Files = files;
        Issues = issues;
        BaseCommit = baseCommit;
        BaseRef = baseRef;
    }

    public static MigrationSet Empty { get; } = new([], []);

    public IReadOnlyList<MigrationFile> Files { get; }

    public IReadOnlyList<MigrationSetIssue> Issues { get; }

    /// <summary>The merge-base commit of <c>--changed-since</c>, or null when changes were not compared.</summary>
    public string? BaseCommit { get; }

    public string? BaseRef { get; }

    /// <summary>The analysis of file <paramref name="index"/>; throws <see cref="InputException"/> when the file cannot be lexed in this dialect.</summary>
    public FileAnalysis Analyse(int index, SqlAnalysisSettings settings)
    {
        var lazies = _analyses.GetOrAdd(settings, s => [.. Files.Select(f => new Lazy<FileAnalysis>(() => AnalyseFile(f, s)))]);
        return lazies[index].Value;
    }

    /// <summary>Analyses the given files on every core first (the results are memoised), then returns them in order.</summary>
    public IReadOnlyList<FileAnalysis> AnalyseMany(IReadOnlyList<int> indexes, SqlAnalysisSettings settings)
    {
        if (indexes.Count > 8)
        {
            try
            {
                Parallel.ForEach(indexes, i => Analyse(i, settings));
            }
            catch (AggregateException)
            {
                // The failed analyses are cached; reading them in order below rethrows the first one deterministically.
            }
        }
        return [.. indexes.Select(i => Analyse(i, settings))];
    }

    private static FileAnalysis AnalyseFile(MigrationFile file, SqlAnalysisSettings settings)
    {
        var effective = file.RunsOutsideTransaction ? settings with { AssumeInTransaction = false } : settings;
        try
        {
            return MigrationAnalyser.Analyse(file.Content, effective);
        }
        catch (SqlSyntaxException e)
        {
            throw new InputException(file.Path, e.Line, e.Column, $"{e.Problem} (read as {SqlDialects.NameOf(settings.Dialect)})", e);
        }
    }
}
