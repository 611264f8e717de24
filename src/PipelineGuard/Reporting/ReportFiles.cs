namespace PipelineGuard.Reporting;

/// <summary>The report files this run wrote (absolute paths), for step outputs and summaries.</summary>
public sealed class ReportFiles(IReadOnlyDictionary<Reporter, string> written)
{
    public static ReportFiles None { get; } = new(new Dictionary<Reporter, string>());

    /// <summary>The file written for this reporter, or null when it was not asked for.</summary>
    public string? PathOf(Reporter reporter) => written.GetValueOrDefault(reporter);

    /// <summary>The files written, in <see cref="Reporters.All"/> order.</summary>
    public IEnumerable<(Reporter Reporter, string Path)> Written =>
        Reporters.All.Where(written.ContainsKey).Select(r => (r, written[r]));
}
