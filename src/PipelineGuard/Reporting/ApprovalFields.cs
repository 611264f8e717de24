using System.Globalization;
using System.Text.Json;
using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Engine;

namespace PipelineGuard.Reporting;

/// <summary>One approval used or refused, as the audit log and <c>audit report</c> keep it.</summary>
/// <param name="Cited">The digest prefix the approver wrote.</param>
/// <param name="RunDigest">This run's digest (null when none could be computed).</param>
public sealed record AuditedApproval(
    string Rule,
    string Approver,
    string Verdict,
    string Why,
    string Cited,
    string? RunDigest,
    string Reason,
    DateTimeOffset At,
    string Source,
    string? Url);

/// <summary>The JSON of action-level approvals: the report's <c>approval</c> object and the audit log's <c>approvals</c> array.</summary>
public static class ApprovalFields
{
    public static IReadOnlyList<AuditedApproval> Audited(Evaluation e) =>
    [
        .. e.ActionApprovals.SelectMany(r => r.Claims.Select(c => new AuditedApproval(
            r.RuleId, c.Claim.User, c.VerdictWord, c.Why, c.Claim.DigestPrefix, r.Digest, c.Claim.Reason, c.Claim.At, c.Claim.Source, c.Claim.Url))),
    ];

    /// <summary>The report's <c>approval</c>: null when no rule with <c>override.action_approval</c> found anything.</summary>
    public static void WriteReport(Utf8JsonWriter w, Evaluation e)
    {
        if (e.ActionApprovals.Count == 0)
        {
            w.WriteNull("approval");
            return;
        }
        var facts = e.ApprovalFacts;
        w.WriteStartObject("approval");
        JsonFields.String(w, "digest", facts.Digest);
        w.WriteString("algorithm", "sha256 of the canonical JSON of manifest (docs/approvals.md)");
        if (facts.Manifest is { } m)
        {
            w.WritePropertyName("manifest");
            m.WriteTo(w);
        }
        else
        {
            w.WriteNull("manifest");
        }
        JsonFields.String(w, "missing", facts.Manifest is null ? facts.Missing : null);
        JsonFields.String(w, "fetchError", facts.FetchError);
        w.WriteString("status", ApprovalRequestText.Status(e));
        if (facts.Digest is { } d) w.WriteString("command", $"/pipeline-guard approve {d[..Policy.ApprovalDigestText.MinPrefix]} <reason>");
        else w.WriteNull("command");
        w.WriteStartArray("rules");
        foreach (var r in e.ActionApprovals)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", r.RuleId);
            w.WriteNumber("min", r.Requirement.Min);
            w.WriteStartArray("teams");
            foreach (var t in r.Requirement.Teams) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteStartArray("users");
            foreach (var u in r.Requirement.Users) w.WriteStringValue(u);
            w.WriteEndArray();
            w.WriteBoolean("approved", r.Approved);
            w.WriteBoolean("rejected", r.Rejected);
            w.WriteStartArray("approvals");
            foreach (var a in Audited(e).Where(a => a.Rule == r.RuleId)) WriteApproval(w, a, withRule: false);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (e.ApprovalRun is { } run)
        {
            w.WriteStartArray("requests");
            foreach (var q in run.Requests)
            {
                w.WriteStartObject();
                w.WriteString("where", q.Where);
                w.WriteString("action", q.Action);
                JsonFields.String(w, "detail", q.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonFields.String(w, "wait", run.Wait);
            w.WriteNumber("waitedSeconds", (long)run.Waited.TotalSeconds);
            w.WriteNumber("polls", run.Polls);
        }
        w.WriteEndObject();
    }

    public static void WriteApproval(Utf8JsonWriter w, AuditedApproval a, bool withRule)
    {
        w.WriteStartObject();
        if (withRule) w.WriteString("rule", a.Rule);
        w.WriteString("approver", a.Approver);
        w.WriteString("verdict", a.Verdict);
        w.WriteString("why", a.Why);
        w.WriteString("cited", a.Cited);
        JsonFields.String(w, "digest", a.RunDigest);
        w.WriteString("reason", a.Reason);
        w.WriteString("time", a.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("source", a.Source);
        JsonFields.String(w, "url", a.Url);
        w.WriteEndObject();
    }

    public static AuditedApproval? ReadApproval(JsonElement e, string rule)
    {
        string? S(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (S("approver") is not { } approver || S("verdict") is not { } verdict) return null;
        var at = DateTimeOffset.TryParse(S("time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        return new AuditedApproval(S("rule") ?? rule, approver, verdict, S("why") ?? "", S("cited") ?? "", S("digest"), S("reason") ?? "", at, S("source") ?? "", S("url"));
    }

    /// <summary>Console lines: the digest, the status and each approval's verdict.</summary>
    public static IEnumerable<string> ConsoleLines(Evaluation e)
    {
        if (e.ActionApprovals.Count == 0) yield break;
        var facts = e.ApprovalFacts;
        if (facts.Manifest is { } m)
        {
            yield return $"Approval digest: {m.Digest}";
            yield return $"  covers commit {m.Commit[..Math.Min(12, m.Commit.Length)]}, environment {m.Environment}, {m.ResourceChanges} resource change(s), {m.Migrations.Count} migration(s), {m.Policies.Count} policy file(s)";
            yield return $"  approval: {ApprovalRequestText.Status(e)}; to approve, comment on the pull request: /pipeline-guard approve {m.Digest[..Policy.ApprovalDigestText.MinPrefix]} <reason>";
        }
        else
        {
            yield return $"Approval: not possible: {facts.Missing}";
        }
        if (facts.FetchError is { } error) yield return $"  approvals could not be read: {error}";
        foreach (var a in Audited(e)) yield return $"  {a.Verdict}: {a.Approver} ({a.Source}, {a.Cited}) {a.Why}";
        foreach (var q in e.ApprovalRun?.Requests ?? []) yield return $"  request on {q.Where}: {q.Action}{(q.Detail is null ? "" : " (" + q.Detail + ")")}";
        if (e.ApprovalRun?.Wait is { } wait) yield return $"  wait: {wait} after {e.ApprovalRun.Polls} poll(s)";
    }
}
