using System.Reflection;

namespace PipelineGuard.Reporting;

/// <summary>The tool's name and version, as reports print them.</summary>
public static class ToolInfo
{
    public const string Name = "pipeline-guard";
    public const string InformationUri = "https://github.com/pipeline-guard/pipeline-guard";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
