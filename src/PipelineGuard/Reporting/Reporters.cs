using PipelineGuard.Engine;

namespace PipelineGuard.Reporting;

/// <summary>
/// A report file format. Its line in <see cref="Reporters.All"/> is all the CLI and the CI wrappers know of
/// it: the check option, action.yml's and task.json's input, the Jenkins step's file and the writer.
/// </summary>
/// <param name="Name">The option without its dashes; also action.yml's input (kebab-case, as GitHub inputs are).</param>
/// <param name="Help">The option's help text.</param>
/// <param name="JenkinsExtension">The Jenkins step writes this report to <c>reportDir/pipeline-guard.EXTENSION</c>.</param>
/// <param name="Write">Writes the evaluation (already redacted) to the file; paths in it are repository-relative through the <see cref="RepositoryPaths"/>.</param>
public sealed record Reporter(string Name, string Help, string JenkinsExtension, Action<Evaluation, string, RepositoryPaths> Write)
{
    /// <summary>The check option, e.g. <c>--sarif</c>.</summary>
    public string Option => "--" + Name;

    /// <summary>The action.yml input that passes <see cref="Option"/>.</summary>
    public string GitHubInput => Name;

    /// <summary>The task.json input that passes <see cref="Option"/>: camelCase, as the task's other inputs are (gitlab-codequality: gitlabCodequality).</summary>
    public string AzureInput => string.Concat(Name.Split('-').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>The action.yml output holding the report's path, e.g. <c>sarif-report</c>.</summary>
    public string GitHubOutput => Name + "-report";

    /// <summary>The task.json output variable holding the report's path, e.g. <c>sarifReport</c> (letters and digits only).</summary>
    public string AzureOutput => AzureInput + "Report";
}

/// <summary>Every report format, one line each: adding a format is a writer file and one line here.</summary>
public static class Reporters
{
    public static Reporter Json { get; } = new("json", "Write the JSON report here.", "json", (e, path, _) => JsonReport.WriteFile(e, path));
    public static Reporter Sarif { get; } = new("sarif", "Write a SARIF 2.1.0 report here.", "sarif", SarifReport.WriteFile);
    public static Reporter JUnit { get; } = new("junit", "Write a JUnit XML report here.", "xml", JUnitReport.WriteFile);
    public static Reporter Markdown { get; } = new("markdown", "Write a Markdown summary here.", "md", MarkdownReport.WriteFile);
    public static Reporter GitLabCodeQuality { get; } = new("gitlab-codequality", "Write a GitLab Code Quality report here (artifacts:reports:codequality).", "codequality.json", GitLabCodeQualityReport.WriteFile);

    /// <summary>In the order the options are listed and the files written.</summary>
    public static IReadOnlyList<Reporter> All { get; } = [Json, Sarif, JUnit, Markdown, GitLabCodeQuality];
}
