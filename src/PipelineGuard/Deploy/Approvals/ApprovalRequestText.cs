using System.Text;
using System.Text.Json;
using PipelineGuard.Engine;
using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>What the marker remembers between runs: the manifests requested (newest first) and the digests already sent to webhooks.</summary>
public sealed record RequestState(IReadOnlyList<ApprovalManifest> Requested, IReadOnlyList<string> Notified)
{
    public const int Kept = 10;

    public static RequestState Empty { get; } = new([], []);

    public static RequestState Parse(string? body)
    {
        if (RequestMarker.Payload(body) is not { } json) return Empty;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var requested = new List<ApprovalManifest>();
            if (root.TryGetProperty("requested", out var r) && r.ValueKind == JsonValueKind.Array)
            {
                requested.AddRange(r.EnumerateArray().Select(ApprovalManifest.Read).OfType<ApprovalManifest>());
            }
            var notified = new List<string>();
            if (root.TryGetProperty("notified", out var n) && n.ValueKind == JsonValueKind.Array)
            {
                notified.AddRange(n.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }
            return new RequestState(requested, notified);
        }
        catch (JsonException)
        {
            // A marker that does not parse remembers nothing: worst case a webhook is posted again.
            return Empty;
        }
    }

    /// <summary>
    /// The state with <paramref name="manifest"/> requested and <paramref name="notified"/> added: each entry is
    /// "kind:$VARIABLE:digest", one per webhook that took the message, so a webhook that failed is tried again
    /// on the next run while the ones that answered are not sent the same digest twice.
    /// </summary>
    public RequestState With(ApprovalManifest manifest, IReadOnlyCollection<string> notified) => new(
        [manifest, .. Requested.Where(m => m.Digest != manifest.Digest).Take(Kept - 1)],
        [.. notified.Where(n => !Notified.Contains(n)), .. Notified.Take(Math.Max(0, Kept - notified.Count))]);

    /// <summary>The entry of <see cref="Notified"/> for one webhook and digest.</summary>
    public static string NotifiedKey(string kind, string variable, string digest) => $"{kind}:${variable}:{digest}";

    public string ToMarker()
    {
        using var stream = new MemoryStream();
        // The default encoder escapes < and >, so the payload can never close the HTML comment early.
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("requested");
            foreach (var m in Requested) m.WriteTo(w);
            w.WriteEndArray();
            w.WriteStartArray("notified");
            foreach (var d in Notified) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return RequestMarker.Start + Encoding.UTF8.GetString(stream.ToArray()) + RequestMarker.End;
    }
}

/// <summary>The request's text: the findings, the digest and what it covers, who may approve and exactly how.</summary>
public static class ApprovalRequestText
{
    public static string Markdown(Evaluation evaluation, RequestState state)
    {
        var facts = evaluation.ApprovalFacts;
        var manifest = facts.Manifest!;
        var digest = manifest.Digest;
        var sb = new StringBuilder();
        sb.AppendLine(state.ToMarker());
        sb.AppendLine($"### PipelineGuard: approval needed to deploy to {manifest.Environment}");
        sb.AppendLine();
        sb.AppendLine($"**Status:** {Status(evaluation)}");
        sb.AppendLine();
        sb.AppendLine($"**Digest:** `{digest}`");
        sb.AppendLine();
        sb.AppendLine($"It covers commit `{manifest.Commit}`, environment `{manifest.Environment}`, {manifest.ResourceChanges} resource change{(manifest.ResourceChanges == 1 ? "" : "s")} (`{manifest.ResourceChangesSha256[..16]}…`), " +
                      $"{manifest.Migrations.Count} migration{(manifest.Migrations.Count == 1 ? "" : "s")} and {manifest.Policies.Count} policy file{(manifest.Policies.Count == 1 ? "" : "s")}. " +
                      "Any change to these needs a new approval.");
        foreach (var m in manifest.Migrations) sb.AppendLine($"- migration `{m.Path}` sha256 `{m.Sha256[..16]}…`");
        sb.AppendLine();
        sb.AppendLine("**Blocked by**");
        sb.AppendLine();
        foreach (var result in evaluation.ActionApprovals)
        {
            foreach (var f in evaluation.Findings.Where(f => f.RuleId == result.RuleId))
            {
                sb.AppendLine($"- `{f.RuleId}` ({ContractWords.Of(f.Severity)}, {ContractWords.Of(f.Outcome)}) {f.Target.Describe()}: {OwnMessage(f.Message)}");
            }
        }
        sb.AppendLine();
        sb.AppendLine("**Who may approve**");
        sb.AppendLine();
        foreach (var result in evaluation.ActionApprovals)
        {
            sb.AppendLine($"- `{result.RuleId}`: {Who(evaluation, result.Requirement)}.");
        }
        sb.AppendLine("- Never the pull request's opener, the commit's author, committer or co-authors, who triggered the run, or whoever asked a coding agent for the change; never a bot.");
        sb.AppendLine();
        sb.AppendLine("**How:** comment on this pull request, on a line of its own:");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine($"/pipeline-guard approve {digest[..ApprovalDigestText.MinPrefix]} <reason>");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine($"or submit an approving review whose body contains the digest (at least {ApprovalDigestText.MinPrefix} hex digits). " +
                      $"`/pipeline-guard reject {digest[..ApprovalDigestText.MinPrefix]} <reason>` refuses it. An edited comment does not count: post a new one.");
        var claims = evaluation.ActionApprovals.SelectMany(r => r.Claims.Select(c => (r.RuleId, c))).ToList();
        if (claims.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("**Approvals seen**");
            sb.AppendLine();
            sb.AppendLine("| who | rule | verdict | why | when |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var (rule, c) in claims)
            {
                sb.AppendLine($"| {Cell(c.Claim.User)} | {rule} | {c.VerdictWord} | {Cell(c.Why)} | {c.Claim.At.UtcDateTime:yyyy-MM-dd HH:mm}Z |");
            }
        }
        if (evaluation.Context.RunUrl is { } run)
        {
            sb.AppendLine();
            sb.AppendLine($"Run: {run}");
        }
        return sb.ToString();
    }

    /// <summary>
    /// A plain-text message for Slack and Teams (they cannot be edited, so they point at the pull request):
    /// the findings, the digest, who may approve and exactly how.
    /// </summary>
    public static string Notification(Evaluation evaluation, string? pullRequestUrl)
    {
        var manifest = evaluation.ApprovalFacts.Manifest!;
        var rules = string.Join(", ", evaluation.ActionApprovals.Select(r => r.RuleId));
        var where = evaluation.Context.Repository is { } repo && evaluation.Context.PullRequest?.Number is { } n ? $"{repo} #{n}" : "the pull request";
        var sb = new StringBuilder();
        sb.AppendLine($"PipelineGuard: a deploy to {manifest.Environment} from {where} waits for approval ({rules}).");
        foreach (var result in evaluation.ActionApprovals)
        {
            foreach (var f in evaluation.Findings.Where(f => f.RuleId == result.RuleId))
            {
                sb.AppendLine($"- {f.RuleId} ({ContractWords.Of(f.Severity)}) {f.Target.Describe()}: {OwnMessage(f.Message)}");
            }
        }
        sb.AppendLine($"Digest {manifest.Digest}");
        foreach (var result in evaluation.ActionApprovals)
        {
            sb.AppendLine($"Who may approve {result.RuleId}: {Who(evaluation, result.Requirement)}; never the author, committer, co-authors, who triggered the run or asked an agent for it, never a bot.");
        }
        sb.Append($"To approve, comment on {pullRequestUrl ?? where}: /pipeline-guard approve {manifest.Digest[..ApprovalDigestText.MinPrefix]} <reason>");
        return sb.ToString();
    }

    private static string Who(Evaluation evaluation, ActionApprovalRequirement r)
    {
        var who = r.Teams.Select(t => "team " + t + Members(evaluation, t)).Concat(r.Users.Select(u => "user " + u));
        return $"{r.Min} distinct {(r.Min == 1 ? "person" : "people")} from {string.Join(", ", who)}";
    }

    public static string Status(Evaluation evaluation)
    {
        var results = evaluation.ActionApprovals;
        if (results.Any(r => r.Rejected))
        {
            var by = results.SelectMany(r => r.Claims).Where(c => c.Verdict == ClaimVerdict.Rejected).Select(c => $"{c.Claim.User} ({c.Why})");
            return "rejected by " + string.Join(", ", by.Distinct());
        }
        if (results.All(r => r.Approved)) return "approved by " + string.Join(", ", results.SelectMany(r => r.Approvers).Distinct(StringComparer.OrdinalIgnoreCase));
        return "waiting: " + string.Join("; ", results.Select(r => $"{r.RuleId} {r.Approvers.Count} of {r.Requirement.Min}"));
    }

    /// <summary>The finding's own message without the approval explanation the engine appended.</summary>
    public static string OwnMessage(string message)
    {
        var cut = message.IndexOf(" Action-level approval", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string Members(Evaluation evaluation, string team)
    {
        var members = ApprovalCounter.TeamMembers(evaluation.ApprovalTeams, team);
        return members is { Count: > 0 and <= 10 } ? $" ({string.Join(", ", members.Order(StringComparer.OrdinalIgnoreCase))})" : "";
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
