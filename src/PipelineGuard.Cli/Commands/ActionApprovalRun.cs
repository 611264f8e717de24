using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Engine;
using PipelineGuard.Engine.Approvals;
using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Cli.Commands;

/// <summary>
/// <c>check</c> with action-level approvals: read the claims, evaluate, post or update the one request,
/// and with <c>--wait-for-approval</c> poll until approved, rejected or timed out.
/// </summary>
public static class ActionApprovalRun
{
    public static Evaluation Evaluate(PolicySet policy, EvaluationFacts facts, PolicyMode? mode, TimeSpan? wait, CommandIo io)
    {
        var env = CheckCommand.DeployEnvironment(io);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var collector = new ActionApprovalCollector(policy, env, http, ApiCallOptions.Default);
        if (collector.Rules(facts.Context).Count == 0)
        {
            if (wait is not null) io.Out.WriteLine("pipeline-guard: --wait-for-approval has nothing to wait for: no rule in scope has override.action_approval");
            return PolicyEvaluator.Evaluate(policy, facts, mode);
        }
        var (collected, request) = collector.CollectAsync(facts, CancellationToken.None).GetAwaiter().GetResult();
        var evaluation = PolicyEvaluator.Evaluate(policy, collected, mode);
        var requests = collector.PublishAsync(evaluation, request, CancellationToken.None).GetAwaiter().GetResult();
        if (wait is not { } limit) return evaluation with { ApprovalRun = new ApprovalRunInfo(requests, null, TimeSpan.Zero, 0) };

        var clock = io.Clock;
        var delay = io.Delay ?? ((t, c) => Task.Delay(t, clock, c));
        var waiter = new ApprovalWaiter(clock, delay);
        var result = waiter.WaitAsync(evaluation, limit, async cancel =>
        {
            var (refreshed, posted) = await collector.RefreshAsync(collected, cancel).ConfigureAwait(false);
            var next = PolicyEvaluator.Evaluate(policy, refreshed, mode);
            requests = await collector.PublishAsync(next, posted, cancel).ConfigureAwait(false);
            return next;
        }, message => io.Out.WriteLine("pipeline-guard: " + message), CancellationToken.None).GetAwaiter().GetResult();
        return result.Evaluation with { ApprovalRun = new ApprovalRunInfo(requests, result.Outcome, result.Waited, result.Polls) };
    }
}
