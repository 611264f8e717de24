using System.Collections.Concurrent;
using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>What the collector worked out for one file while reading it: analyses per settings and the databases it names per dialect.</summary>
public sealed class FileFacts
{
    public static FileFacts None { get; } = new(new Dictionary<SqlAnalysisSettings, FileAnalysis>(), new Dictionary<SqlDialect, IReadOnlyList<DatabaseReference>>());

    public FileFacts(IReadOnlyDictionary<SqlAnalysisSettings, FileAnalysis> analyses, IReadOnlyDictionary<SqlDialect, IReadOnlyList<DatabaseReference>> references)
    {
        Analyses = analyses;
        References = references;
    }

    public IReadOnlyDictionary<SqlAnalysisSettings, FileAnalysis> Analyses { get; }

    public IReadOnlyDictionary<SqlDialect, IReadOnlyList<DatabaseReference>> References { get; }
}

/// <summary>
/// The migration facts of one run: the files read, what the collector worked out for each (compact analyses
/// with no source text), the set-level issues found, and the git base they were compared with.
/// Rules judge the prepared facts only, so evaluation never lexes and never throws an input error.
/// </summary>
public sealed partial class MigrationSet
{
    private readonly ConcurrentDictionary<SqlAnalysisSettings, Lazy<FileAnalysis>[]> _analyses = new();

    public MigrationSet(IReadOnlyList<MigrationFile> files, IReadOnlyList<MigrationSetIssue> issues, string? baseCommit = null, string? baseRef = null, IReadOnlyList<FileFacts>? facts = null)
    {
        Files = files;
        Issues = issues;
        BaseCommit = baseCommit;
        BaseRef = baseRef;
        Facts = facts ?? [.. files.Select(_ => FileFacts.None)];
    }

    public static MigrationSet Empty { get; } = new([], []);

    public IReadOnlyList<MigrationFile> Files { get; }

    /// <summary>Per file (same index as <see cref="Files"/>), what the collector prepared for the policy's SQL checks.</summary>
    public IReadOnlyList<FileFacts> Facts { get; }

    public IReadOnlyList<MigrationSetIssue> Issues { get; }

    /// <summary>The merge-base commit of <c>--changed-since</c>, or null when changes were not compared.</summary>
    public string? BaseCommit { get; }

    public string? BaseRef { get; }

    /// <summary>This set's files analysed for <paramref name="needs"/> (in parallel); throws <see cref="InputException"/> for the first file, in order, that cannot be read.</summary>
    public MigrationSet Prepare(SqlNeeds needs)
    {
        var facts = new FileFacts[Files.Count];
        var errors = new Exception?[Files.Count];
        Parallel.For(0, Files.Count, i =>
        {
            try
            {
                facts[i] = FactsOf(Files[i], needs);
            }
            catch (InputException e)
            {
                errors[i] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error) throw error;
        return new MigrationSet(Files, Issues, BaseCommit, BaseRef, facts);
    }

    /// <summary>What <paramref name="needs"/> ask of one file, compact (no statement without findings, no source text).</summary>
    public static FileFacts FactsOf(MigrationFile file, SqlNeeds needs)
    {
        Dictionary<SqlAnalysisSettings, FileAnalysis>? analyses = null;
        Dictionary<SqlDialect, IReadOnlyList<DatabaseReference>>? references = null;
        foreach (var need in needs.Needs)
        {
            if (!need.Judges(file)) continue;
            if (need.Analyse && !(analyses?.ContainsKey(need.Settings) ?? false))
            {
                (analyses ??= [])[need.Settings] = AnalyseFile(file, need.Settings).Compact();
            }
            if (need.DatabaseReferences && !(references?.ContainsKey(need.Settings.Dialect) ?? false))
            {
                (references ??= [])[need.Settings.Dialect] = DatabaseReferences.Find(file.Content, need.Settings.Dialect);
            }
        }
        return analyses is null && references is null ? FileFacts.None : new FileFacts(analyses ?? [], references ?? new Dictionary<SqlDialect, IReadOnlyList<DatabaseReference>>());
    }

    /// <summary>The full analysis of file <paramref name="index"/> from its text, for the tracer; throws <see cref="InputException"/> when the file cannot be lexed in this dialect.</summary>
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
