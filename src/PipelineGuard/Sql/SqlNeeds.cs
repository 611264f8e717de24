using PipelineGuard.Policy;

namespace PipelineGuard.Sql;

/// <summary>What one <c>sql</c> rule needs the collector to work out for the files it judges.</summary>
/// <param name="Analyse">The rule reads statement classes, requirements or empty files (needs the analysis in <see cref="Settings"/>).</param>
/// <param name="DatabaseReferences">The rule reads the databases a file names (cross_environment_databases).</param>
public sealed record SqlNeed(SqlAnalysisSettings Settings, GlobSet Paths, bool IncludeRollbacks, bool Analyse, bool DatabaseReferences)
{
    /// <summary>Whether the rule judges <paramref name="file"/> (the same selection <see cref="SqlCheck"/> makes).</summary>
    public bool Judges(MigrationFile file) =>
        Paths.IsMatch(file.Path) && file.IsChange && (IncludeRollbacks || file.Direction != MigrationDirection.Rollback);
}

/// <summary>What the policy's SQL checks need from the migration set, so the collector analyses each file once while it reads it.</summary>
/// <param name="KeepTexts">Something still needs the file texts after collection (the tracer runs them); otherwise they are dropped.</param>
public sealed record SqlNeeds(IReadOnlyList<SqlNeed> Needs, bool KeepTexts)
{
    /// <summary>Nothing analysed, texts kept: what a caller that only lists or traces migrations wants.</summary>
    public static SqlNeeds TextsOnly { get; } = new([], true);

    /// <summary>The needs of the <c>sql</c> rules among <paramref name="checks"/>.</summary>
    public static SqlNeeds Of(IEnumerable<ICheck> checks, bool keepTexts) =>
        new([.. checks.OfType<SqlCheck>().Select(c => c.Need)], keepTexts);
}
