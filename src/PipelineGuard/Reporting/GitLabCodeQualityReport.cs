using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Reporting;

/// <summary>
/// GitLab Code Quality (<c>--gitlab-codequality</c>), for <c>artifacts:reports:codequality</c>: a JSON array
/// of issues with description, check_name, fingerprint, severity and location (path, lines.begin), the
/// subset of the Code Climate spec GitLab reads. GitLab shows one issue per fingerprint and places every
/// issue on a file, so a finding without a file goes on the policy line of its rule, else the first plan.
/// </summary>
public static class GitLabCodeQualityReport
{
    /// <summary>Part of every fingerprint; bump it if the recipe ever changes, so GitLab sees the change as such.</summary>
    public const string FingerprintVersion = "pipelineGuard/gitlab/v1";

    public static void WriteFile(Evaluation evaluation, string path, RepositoryPaths paths) =>
        JsonReportWriting.ToFile(path, stream => Write(evaluation, stream, paths));

    public static string ToJson(Evaluation evaluation, RepositoryPaths paths) =>
        JsonReportWriting.ToText(stream => Write(evaluation, stream, paths));

    public static void Write(Evaluation e, Stream stream, RepositoryPaths paths)
    {
        using var w = new Utf8JsonWriter(stream, JsonReportWriting.Options);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        w.WriteStartArray();
        foreach (var f in e.Findings)
        {
            var (path, line) = Location(f, e, paths);
            var fingerprint = Fingerprint(f, path, line);
            // Two findings of one rule on one line and resource would collide, and GitLab would drop the second.
            var occurrence = seen[fingerprint] = seen.GetValueOrDefault(fingerprint) + 1;
            if (occurrence > 1) fingerprint = Hash($"{fingerprint}\n{occurrence}");

            w.WriteStartObject();
            w.WriteString("description", Description(f, e.Mode));
            w.WriteString("check_name", f.RuleId);
            w.WriteString("fingerprint", fingerprint);
            w.WriteString("severity", SeverityOf(f));
            w.WriteStartObject("location");
            w.WriteString("path", path);
            w.WriteStartObject("lines");
            w.WriteNumber("begin", line);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>GitLab's scale (info, minor, major, critical, blocker): a block is at least critical, a warning at most major, the rest info.</summary>
    public static string SeverityOf(Finding f) => f.Outcome switch
    {
        Outcome.Block => f.Severity == Severity.Critical ? "blocker" : "critical",
        Outcome.Warn => f.Severity == Severity.Low ? "minor" : "major",
        _ => "info",
    };

    /// <summary>The repository-relative file and 1-based line GitLab shows the issue on.</summary>
    public static (string Path, int Line) Location(Finding f, Evaluation e, RepositoryPaths paths)
    {
        var place = RepositoryPaths.PlaceOf(f)
            ?? RepositoryPaths.RuleDefinition(f, e)
            // The built-in policy has no file in the repository: the first input file instead, as in SARIF.
            ?? (e.Inputs.FirstOrDefault(x => x.Kind != "policy") is { } input ? new FindingPlace(input.Path, 1, null) : null)
            ?? new FindingPlace(e.Policy.Sources is [var first, ..] ? first.File : "", 1, null);
        var path = paths.RelativeToRoot(place.File) ?? place.File.Replace('\\', '/');
        return (path, Math.Max(1, place.Line ?? 1));
    }

    /// <summary>The rule, the place and the resource, never the message, so a reworded message keeps the identity.</summary>
    public static string Fingerprint(Finding f, string path, int line) =>
        Hash(string.Join('\n', FingerprintVersion, f.RuleId, path, line.ToString(CultureInfo.InvariantCulture), f.Target.Address ?? f.Target.File ?? f.Target.Kind));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private static string Description(Finding f, PolicyMode mode)
    {
        var text = new StringBuilder();
        if (f.Outcome == Outcome.Block && mode == PolicyMode.Audit) text.Append("would block (audit): ");
        text.Append(f.Message);
        if (f.Indeterminate) text.Append(" (known only after apply)");
        text.Append(f.Outcome switch
        {
            Outcome.Waived => $" (waived: {f.Waiver?.Reason})",
            Outcome.Overridden => $" (overridden by {f.Override?.Kind}: {f.Override?.By})",
            _ => "",
        });
        if (text[^1] != '.') text.Append('.');
        text.Append(" Fix: ").Append(f.Remediation);
        if (f.Outcome == Outcome.Block && f.HowToOverride is { } how) text.Append(' ').Append(how);
        return text.ToString();
    }
}
