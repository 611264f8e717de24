namespace PipelineGuard.Reporting;

/// <summary>The report files this run wrote (absolute paths), for step outputs and summaries.</summary>
public sealed record ReportFiles(string? Json, string? Sarif, string? Junit, string? Markdown);
