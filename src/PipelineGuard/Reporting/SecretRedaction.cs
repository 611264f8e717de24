using System.Diagnostics;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Trace;

namespace PipelineGuard.Reporting;

/// <summary>
/// The token values a run reads from the environment (platform tokens and every secret variable the policy's checks declare).
/// They are masked on the platform before anything is printed, and cut out of every message before any report is
/// written, so that a server that echoes a token back (into an incident title or an error) cannot leak it.
/// </summary>
public sealed class SecretRedaction
{
    /// <summary>The platforms' own tokens, redacted whether or not a policy reads them; every other secret variable is declared by a check.</summary>
    public static readonly IReadOnlyList<string> PlatformTokenVariables =
        [.. GitHubActionsReport.TokenVariables, "SYSTEM_ACCESSTOKEN"];

    public const string Replacement = "***";

    // Shorter values would cut ordinary words out of messages; real tokens are far longer.
    private const int MinimumLength = 6;

    private readonly string[] _secrets;

    private SecretRedaction(IEnumerable<string> secrets) =>
        _secrets = [.. secrets.Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    public IReadOnlyList<string> Secrets => _secrets;

    public static SecretRedaction For(PolicySet policy, IReadOnlyDictionary<string, string?> environment)
    {
        var variables = new HashSet<string>(PlatformTokenVariables, StringComparer.Ordinal);
        // Each check and override declares the variables it reads secrets from (an incident source's token, a webhook URL).
        variables.UnionWith(policy.Rules.SelectMany(r => r.SecretVariables));
        var values = variables.Select(v => environment.TryGetValue(v, out var value) ? value?.Trim() : null).OfType<string>();
        return new SecretRedaction(values);
    }

    /// <summary>
    /// The platform's commands that hide these values from the job log: GitHub add-mask for the values the
    /// policy's token_env names (<see cref="GitHubActionsReport.WriteMasks"/> has masked the platform's own tokens
    /// before the policy was read), Azure setsecret for all of them.
    /// </summary>
    public IEnumerable<string> MaskCommands(IReadOnlyDictionary<string, string?> environment)
    {
        var github = environment.TryGetValue("GITHUB_ACTIONS", out var gh) && string.Equals(gh, "true", StringComparison.OrdinalIgnoreCase);
        var azure = environment.TryGetValue("TF_BUILD", out var tf) && string.Equals(tf, "True", StringComparison.OrdinalIgnoreCase);
        var maskedBefore = GitHubActionsReport.TokenVariables.Select(environment.GetValueOrDefault).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var secret in _secrets)
        {
            if (github && !maskedBefore.Contains(secret)) yield return "::add-mask::" + GitHubActionsReport.EscapeData(secret);
            // A value with a line break would end the logging command early; such a value is hidden line by line.
            if (azure)
            {
                foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return "##vso[task.setsecret]" + line;
            }
        }
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }
        return text;
    }

    private string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    private WaiverUse? RedactWaiver(WaiverUse? waiver) => waiver is null ? null : waiver with { Reason = Redact(waiver.Reason) };

    /// <summary>The evaluation with every secret cut out of what reports print.</summary>
    public Evaluation Apply(Evaluation evaluation)
    {
        if (_secrets.Length == 0) return evaluation;
        var findings = new Dictionary<Finding, Finding>(ReferenceEqualityComparer.Instance);
        Finding Clean(Finding f) => findings.TryGetValue(f, out var done) ? done : findings[f] = f with
        {
            Message = Redact(f.Message),
            Remediation = Redact(f.Remediation),
            HowToOverride = RedactOrNull(f.HowToOverride),
            Target = RedactTarget(f.Target),
            Resolution = f.Resolution switch
            {
                Resolution.Waived w => new Resolution.Waived(RedactWaiver(w.Waiver)!),
                Resolution.Overridden o => new Resolution.Overridden(o.By with { By = Redact(o.By.By), Reason = RedactOrNull(o.By.Reason) }, RedactWaiver(o.ExpiredWaiver)),
                Resolution.Enforced e => new Resolution.Enforced(RedactWaiver(e.ExpiredWaiver)),
                _ => throw new UnreachableException($"a resolution redaction does not know: {f.Resolution.GetType().Name}"),
            },
        };
        return evaluation with
        {
            Findings = [.. evaluation.Findings.Select(Clean)],
            Rules = [.. evaluation.Rules.Select(r => r with { Reason = RedactOrNull(r.Reason), Findings = [.. r.Findings.Select(Clean)] })],
            Notices = [.. evaluation.Notices.Select(n => n with { Message = Redact(n.Message) })],
            Facts = evaluation.Trace is { } trace ? evaluation.Facts.With(trace.Redacted(Redact)) : evaluation.Facts,
        };
    }

    private Target RedactTarget(Target target) => target with { Address = RedactOrNull(target.Address) };
}
