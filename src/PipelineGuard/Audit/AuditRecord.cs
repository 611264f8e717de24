using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using PipelineGuard.Engine;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Reporting;

namespace PipelineGuard.Audit;

/// <summary>
/// One rule decision of one run, as the audit log keeps it (docs/CONTRACT.md section 5). A rule that
/// found something gives one record per finding; a rule that found nothing gives one record with
/// outcome <c>pass</c>; a rule that did not apply gives <c>not-applicable</c> or <c>not-evaluated</c>,
/// so a report can say "would have blocked 3 of 40 runs" rather than only "3 times".
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Outcomes beyond the findings' own (block, warn, advisory, waived, overridden).</summary>
    public const string Pass = "pass";
    public const string NotApplicable = "not-applicable";
    public const string NotEvaluated = "not-evaluated";

    public required Instant Time { get; init; }
    public required string RunId { get; init; }
    public required string Mode { get; init; }
    public required string Decision { get; init; }
    public required string Rule { get; init; }
    /// <summary>The rule's check kind (terraform, sql, window, ...): which inputs it judges, for the audit report.</summary>
    public string? Check { get; init; }
    public string? Severity { get; init; }
    public string? Enforcement { get; init; }
    public required string Outcome { get; init; }
    public required string Reason { get; init; }
    public Target? Target { get; init; }
    public string? Fingerprint { get; init; }
    public OverrideUse? Override { get; init; }
    public WaiverUse? Exception { get; init; }
    public IReadOnlyList<string> Notices { get; init; } = [];
    public required IReadOnlyList<PolicySource> Policy { get; init; }
    public required IReadOnlyList<InputFile> Inputs { get; init; }
    public required DeployContext Context { get; init; }
    /// <summary>Action-level approvals used or refused for this rule (on the rule's first record of the run).</summary>
    public IReadOnlyList<AuditedApproval> Approvals { get; init; } = [];

    /// <summary>The records of one evaluation, in rule order.</summary>
    public static IReadOnlyList<AuditRecord> FromEvaluation(Evaluation evaluation, string runId)
    {
        var records = new List<AuditRecord>();
        var policyFiles = evaluation.Policy.Sources;
        foreach (var result in evaluation.Rules)
        {
            var rule = result.Rule;
            var notices = evaluation.Notices.Where(n => n.RuleId == rule.Id).Select(n => n.Message).ToList();
            AuditRecord Make(string outcome, string reason) => new()
            {
                Time = evaluation.EvaluatedAt,
                RunId = runId,
                Mode = ContractWords.Of(evaluation.Mode),
                Decision = ContractWords.Of(evaluation.Decision),
                Rule = rule.Id,
                Check = rule.Check.Kind.Name,
                Severity = ContractWords.Of(rule.Severity),
                Enforcement = ContractWords.Of(rule.Enforcement),
                Outcome = outcome,
                Reason = reason,
                Notices = notices,
                Policy = policyFiles,
                Inputs = evaluation.Inputs,
                Context = evaluation.Context,
            };
            switch (result.Status)
            {
                case RuleStatus.OutOfScope:
                    records.Add(Make(NotApplicable, result.Reason ?? "out of scope"));
                    continue;
                case RuleStatus.ScopeUndetermined:
                    records.Add(Make(NotEvaluated, result.Reason ?? "scope could not be determined"));
                    continue;
            }
            if (result.Findings.Count == 0)
            {
                records.Add(Make(Pass, "no violation"));
                continue;
            }
            var approvals = ApprovalFields.Audited(evaluation).Where(a => a.Rule == rule.Id).ToList();
            foreach (var finding in result.Findings)
            {
                records.Add(Make(ContractWords.Of(finding.Outcome), finding.Message) with
                {
                    Approvals = finding == result.Findings[0] ? approvals : [],
                    Enforcement = ContractWords.Of(finding.Enforcement),
                    Target = finding.Target,
                    Fingerprint = finding.Fingerprint,
                    Override = finding.Override,
                    Exception = finding.Waiver,
                });
            }
        }
        return records;
    }

    /// <summary>Writes the record's fields (not the chain fields) into an open JSON object.</summary>
    internal void WriteFields(Utf8JsonWriter w)
    {
        w.WriteString("time", InstantPattern.ExtendedIso.Format(Time));
        w.WriteStartObject("tool");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", ToolInfo.Version);
        w.WriteEndObject();
        w.WriteString("run", RunId);
        w.WriteString("mode", Mode);
        w.WriteString("decision", Decision);
        w.WriteStartArray("policy");
        foreach (var source in Policy)
        {
            w.WriteStartObject();
            w.WriteString("file", source.File);
            w.WriteString("sha256", source.Sha256);
            Str(w, "origin", source.Origin);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("inputs");
        foreach (var input in Inputs)
        {
            w.WriteStartObject();
            w.WriteString("kind", input.Kind);
            w.WriteString("file", input.Path);
            w.WriteString("sha256", input.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("rule", Rule);
        Str(w, "check", Check);
        Str(w, "severity", Severity);
        Str(w, "enforcement", Enforcement);
        w.WriteString("outcome", Outcome);
        w.WriteString("reason", Reason);
        if (Target is { } t)
        {
            JsonFields.Target(w, t, withSource: false);
        }
        else
        {
            w.WriteNull("target");
        }
        Str(w, "fingerprint", Fingerprint);
        var context = Context;
        w.WriteStartObject("context");
        JsonFields.ContextFields(w, context);
        w.WriteEndObject();
        JsonFields.Override(w, Override);
        JsonFields.Exception(w, Exception);
        w.WriteStartArray("notices");
        foreach (var n in Notices) w.WriteStringValue(n);
        w.WriteEndArray();
        if (Approvals.Count > 0)
        {
            w.WriteStartArray("approvals");
            foreach (var a in Approvals) ApprovalFields.WriteApproval(w, a, withRule: false);
            w.WriteEndArray();
        }
    }

    private static void Str(Utf8JsonWriter w, string name, string? value) => JsonFields.String(w, name, value);
}
