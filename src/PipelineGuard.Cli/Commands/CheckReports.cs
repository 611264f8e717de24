using PipelineGuard.Deploy.Context;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Reporting;
using PipelineGuard.Terraform;

namespace PipelineGuard.Cli.Commands;

/// <summary>The report side of <c>check</c>: the report files asked for and the CI platform's own channels.</summary>
public static class CheckReports
{
    /// <summary>The CI platform of the run (PlatformNames' words), from the environment the command was given.</summary>
    public static string Platform(CommandIo io) => CiPlatform.Detect(Defined(io.Environment));

    /// <summary>The repository root for repository-relative paths: the platform's workspace, else the working directory.</summary>
    public static string RepositoryRoot(CommandIo io)
    {
        var variable = Platform(io) switch
        {
            PlatformNames.GitHub => "GITHUB_WORKSPACE",
            PlatformNames.AzurePipelines => "BUILD_SOURCESDIRECTORY",
            PlatformNames.Jenkins => "WORKSPACE",
            _ => null,
        };
        return variable is not null && io.Env(variable) is { } workspace ? io.Resolve(workspace) : io.WorkingDirectory;
    }

    /// <summary>The variables that are set (the platform readers take no nulls).</summary>
    internal static Dictionary<string, string> Defined(IReadOnlyDictionary<string, string?> environment) =>
        environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);

    /// <summary>Where the .tf sources are: <c>--source-root</c>, else the workspace (GITHUB_WORKSPACE and the like), else the working directory.</summary>
    public static TerraformSourceIndex ScanTerraformSources(CheckOptions options, CommandIo io)
    {
        var root = options.SourceRoot is { } given ? io.Resolve(given) : RepositoryRoot(io);
        if (options.SourceRoot is { } named && !Directory.Exists(root)) throw new UsageException($"--source-root '{named}' is not a folder");
        var relative = Path.GetRelativePath(io.WorkingDirectory, root).Replace('\\', '/');
        var display = relative == "." ? "" : relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." ? root.Replace('\\', '/') : relative;
        var planFolders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in options.Plans)
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(io.Resolve(plan)) ?? root).Replace('\\', '/');
            if (folder == ".") folder = "";
            if (!folder.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(folder)) planFolders[plan] = folder;
        }
        return TerraformSourceIndex.Scan(root, display).WithPlanFolders(planFolders);
    }

    public static ReportFiles WriteFiles(Evaluation evaluation, CheckOptions options, CommandIo io)
    {
        var paths = new RepositoryPaths(io.WorkingDirectory, RepositoryRoot(io));
        var written = new Dictionary<Reporter, string>();
        foreach (var reporter in Reporters.All)
        {
            if (!options.Reports.TryGetValue(reporter, out var given)) continue;
            var path = io.Resolve(given);
            reporter.Write(evaluation, Prepare(path), paths);
            written[reporter] = path;
        }
        var files = new ReportFiles(written);
        return files;
    }

    /// <summary>On GitHub the runner is told the tokens before the run prints anything.</summary>
    public static void MaskSecrets(CommandIo io)
    {
        if (Platform(io) == PlatformNames.GitHub) GitHubActionsReport.WriteMasks(io.Out, io.Environment);
    }

    public static void PublishToPlatform(Evaluation evaluation, CommandIo io, ReportFiles files, string? auditHead = null)
    {
        var paths = new RepositoryPaths(io.WorkingDirectory, RepositoryRoot(io));
        switch (Platform(io))
        {
            case PlatformNames.GitHub:
                GitHubActionsReport.Publish(evaluation, io.Out, io.Environment, paths, files, auditHead);
                break;
            case PlatformNames.AzurePipelines:
                var temp = io.Env("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath();
                var summary = Path.Combine(io.Resolve(temp), $"pipeline-guard-summary-{Guid.NewGuid():N}.md");
                AzurePipelinesReport.Publish(evaluation, io.Out, paths, files, summary, auditHead);
                break;
            default:
                // Jenkins has no annotation channel on the console: it reads the JUnit and SARIF files.
                break;
        }
    }

    /// <summary>Reports may be asked for in folders that do not exist yet (reports/pg.sarif).</summary>
    private static string Prepare(string path)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        return path;
    }
}
