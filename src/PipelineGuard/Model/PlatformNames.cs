namespace PipelineGuard.Model;

/// <summary>The CI platforms' names as <see cref="DeployContext.Platform"/> holds them; the one place these words live.</summary>
public static class PlatformNames
{
    public const string GitHub = "github";
    public const string AzurePipelines = "azure-pipelines";
    public const string Jenkins = "jenkins";
    public const string Local = "local";
}
