using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Context;
using PipelineGuard.Engine;
using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>
/// The I/O of action-level approvals: computes the digest, reads the claims and the guard's earlier request
/// from the pull request before the pure evaluation, and afterwards posts or updates the one request
/// (and, when the digest is new, the Slack / Teams webhooks).
/// </summary>
public sealed class ActionApprovalCollector(PolicySet policy, IReadOnlyDictionary<string, string> env, HttpClient http, ApiCallOptions calls)
{
    /// <summary>The rules whose block action-level approval can lift, among those in scope.</summary>
    public IReadOnlyList<(PolicyRule Rule, ActionApprovalRequirement Requirement)> Rules(DeployContext context) =>
    [
        .. DeployFactsFetcher.RulesInScope(policy, context)
            .Where(r => r.Override?.ActionApproval is not null)
            .Select(r => (r, r.Override!.ActionApproval!)),
    ];

    /// <summary>The facts with <c>facts.ActionApprovals</c> filled; unchanged when no rule asks.</summary>
    public async Task<(EvaluationFacts Facts, PostedRequest? Request)> CollectAsync(EvaluationFacts facts, CancellationToken cancel)
    {
        var rules = Rules(facts.Context);
        if (rules.Count == 0) return (facts, null);
        var (manifest, missing) = ApprovalDigest.Compute(facts, policy);
        var approvals = new ActionApprovalFacts { Manifest = manifest, Missing = missing };
        PostedRequest? request = null;
        try
        {
            var thread = Thread(facts.Context, TokenEnv(rules.Select(r => r.Requirement)));
            var contents = await thread.ReadAsync(cancel).ConfigureAwait(false);
            request = contents.Request;
            approvals = approvals with { Claims = contents.Claims, Requested = RequestState.Parse(request?.Body).Requested };
        }
        catch (ApiException ex)
        {
            approvals = approvals with { FetchError = ex.Message };
        }
        return (facts.With(approvals), request);
    }

    /// <summary>Re-reads only the claims (the wait loop): the plan, migrations and digest stay as they were.</summary>
    public async Task<(EvaluationFacts Facts, PostedRequest? Request)> RefreshAsync(EvaluationFacts facts, CancellationToken cancel)
    {
        var rules = Rules(facts.Context);
        if (rules.Count == 0) return (facts, null);
        try
        {
            var contents = await Thread(facts.Context, TokenEnv(rules.Select(r => r.Requirement))).ReadAsync(cancel).ConfigureAwait(false);
            var approvals = facts.ActionApprovals with
            {
                Claims = contents.Claims,
                Requested = RequestState.Parse(contents.Request?.Body).Requested,
                FetchError = null,
            };
            return (facts.With(approvals), contents.Request);
        }
        catch (ApiException ex)
        {
            return (facts.With(facts.ActionApprovals with { FetchError = ex.Message }), null);
        }
    }

    /// <summary>
    /// Posts the request, or updates it in place; Slack and Teams messages cannot be edited, so they are sent only
    /// when the digest is new to the request's marker. Nothing is posted when no rule waits for an approval.
    /// </summary>
    public async Task<IReadOnlyList<ApprovalRequestOutcome>> PublishAsync(Evaluation evaluation, PostedRequest? existing, CancellationToken cancel)
    {
        var outcomes = new List<ApprovalRequestOutcome>();
        if (evaluation.ActionApprovals.Count == 0 || evaluation.ApprovalFacts.Manifest is not { } manifest) return outcomes;
        if (evaluation.ApprovalFacts.FetchError is not null && existing is null)
        {
            // Without reading the pull request the earlier request cannot be found: posting would add a duplicate.
            outcomes.Add(new ApprovalRequestOutcome("pull-request", "skipped", "the pull request could not be read"));
            return outcomes;
        }
        IApprovalThread thread;
        try
        {
            thread = Thread(evaluation.Context, TokenEnv(evaluation.ActionApprovals.Select(r => r.Requirement)));
        }
        catch (ApiException ex)
        {
            outcomes.Add(new ApprovalRequestOutcome("pull-request", "skipped", ex.Message));
            return outcomes;
        }
        var state = RequestState.Parse(existing?.Body);
        var notified = new List<string>();
        var waiting = evaluation.ActionApprovals.Any(r => !r.Approved && !r.Rejected);
        if (waiting)
        {
            var hooks = evaluation.ActionApprovals.Select(r => r.Requirement)
                .SelectMany(r => new[] { ("slack", r.SlackWebhookEnv), ("teams", r.TeamsWebhookEnv) })
                .Where(h => h.Item2 is not null)
                .Select(h => (Kind: h.Item1, Variable: h.Item2!))
                .Distinct();
            foreach (var (kind, variable) in hooks)
            {
                var key = RequestState.NotifiedKey(kind, variable, manifest.Digest);
                // A bare digest is what earlier versions wrote once any webhook had taken the message.
                if (state.Notified.Contains(key) || state.Notified.Contains(manifest.Digest)) continue;
                var outcome = await NotifyAsync(kind, variable, ApprovalRequestText.Notification(evaluation, existing?.Url), cancel).ConfigureAwait(false);
                outcomes.Add(outcome);
                if (outcome.Action == "posted") notified.Add(key);
            }
        }
        var body = ApprovalRequestText.Markdown(evaluation, state.With(manifest, notified));
        try
        {
            outcomes.Insert(0, await thread.UpsertAsync(existing, body, cancel).ConfigureAwait(false));
        }
        catch (ApiException ex)
        {
            outcomes.Insert(0, new ApprovalRequestOutcome(thread.Where, "failed", ex.Message));
        }
        return outcomes;
    }

    private static string? TokenEnv(IEnumerable<ActionApprovalRequirement> requirements) =>
        requirements.Select(r => r.TokenEnv).FirstOrDefault(t => t is not null);

    private IApprovalThread Thread(DeployContext context, string? tokenEnv)
    {
        var transport = new ApiTransport(http, calls);
        var number = context.PullRequest?.Number;
        if (context.Platform == PlatformNames.AzurePipelines)
        {
            if (number is not { } id) throw new ApiException("no pull request is known for this run (SYSTEM_PULLREQUEST_PULLREQUESTID); approvals are comments on the pull request");
            var repo = AzureRepositoryOfRun.FromEnvironment(env);
            return new AzureDevOpsApprovalThread(new AzureDevOpsClient(transport, Token(tokenEnv ?? "SYSTEM_ACCESSTOKEN")), repo.Collection, repo.Project, repo.RepositoryId, id);
        }
        // GitHub Actions, and any other runner (Jenkins, local) that names a GitHub repository.
        var repository = context.Repository ?? CiPlatform.Get(env, "GITHUB_REPOSITORY")
            ?? throw new ApiException($"approvals are comments on a GitHub or Azure DevOps pull request, and this run ({context.Platform ?? "unknown platform"}) names neither");
        if (number is not { } n) throw new ApiException("no pull request is known for this run; approvals are comments on the pull request");
        return new GitHubApprovalThread(new GitHubClient(transport, GitHubClient.ApiBaseFrom(env), Token(tokenEnv ?? "GITHUB_TOKEN")), repository, n);
    }

    private string? Token(string variable) => env.TryGetValue(variable, out var t) && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;

    /// <summary>One incoming-webhook post. The URL is a credential: messages name the variable, never the URL.</summary>
    private async Task<ApprovalRequestOutcome> NotifyAsync(string kind, string variable, string text, CancellationToken cancel)
    {
        if (Token(variable) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return new ApprovalRequestOutcome(kind, "failed", $"${variable} is not set to a webhook URL");
        }
        var payload = kind == "slack" ? SlackPayload(text) : TeamsPayload(text);
        try
        {
            using var response = await new ApiTransport(http, calls).SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") } },
            }, cancel).ConfigureAwait(false);
            return new ApprovalRequestOutcome(kind, "posted", $"via ${variable}");
        }
        catch (ApiException ex)
        {
            return new ApprovalRequestOutcome(kind, "failed", $"via ${variable}: {(ex.Status is { } s ? $"HTTP {(int)s}" : "no answer")}");
        }
    }

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Slack incoming webhook: <c>{"text": ..., "blocks": [section mrkdwn]}</c>; text is the notification fallback.</summary>
    public static byte[] SlackPayload(string text) => Json(w =>
    {
        w.WriteString("text", text);
        w.WriteStartArray("blocks");
        w.WriteStartObject();
        w.WriteString("type", "section");
        w.WriteStartObject("text");
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>Teams incoming webhook (Workflows): a message with one Adaptive Card attachment.</summary>
    public static byte[] TeamsPayload(string text) => Json(w =>
    {
        w.WriteString("type", "message");
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        w.WriteNull("contentUrl");
        w.WriteStartObject("content");
        w.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        w.WriteString("type", "AdaptiveCard");
        w.WriteString("version", "1.4");
        w.WriteStartArray("body");
        w.WriteStartObject();
        w.WriteString("type", "TextBlock");
        w.WriteString("text", text);
        w.WriteBoolean("wrap", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_json))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
