namespace PipelineGuard.Reporting;

/// <summary>The CI system a run is in, from the variables each one sets in every step.</summary>
public enum CiPlatform { Local, GitHubActions, AzurePipelines, Jenkins }

/// <summary>Reads the platform from the environment the command was given (never the process's own, so tests can drive it).</summary>
public static class CiPlatforms
{
    public static CiPlatform Detect(IReadOnlyDictionary<string, string?> environment)
    {
        if (string.Equals(environment.GetValueOrDefault("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)) return CiPlatform.GitHubActions;
        if (string.Equals(environment.GetValueOrDefault("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase)) return CiPlatform.AzurePipelines;
        if (!string.IsNullOrEmpty(environment.GetValueOrDefault("JENKINS_URL"))) return CiPlatform.Jenkins;
        return CiPlatform.Local;
    }

    /// <summary>The checked-out repository: the workspace each platform names, else null.</summary>
    public static string? Workspace(CiPlatform platform, IReadOnlyDictionary<string, string?> environment)
    {
        var name = platform switch
        {
            CiPlatform.GitHubActions => "GITHUB_WORKSPACE",
            CiPlatform.AzurePipelines => "BUILD_SOURCESDIRECTORY",
            CiPlatform.Jenkins => "WORKSPACE",
            _ => null,
        };
        return name is not null && environment.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
    }
}

/// <summary>The report files this run wrote (absolute paths), for step outputs and summaries.</summary>
public sealed record ReportFiles(string? Json, string? Sarif, string? Junit, string? Markdown);
