using System.Globalization;
using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>How a wait for approval ended, with the last evaluation.</summary>
/// <param name="Outcome">approved | rejected | timed-out | not-approvable</param>
public sealed record WaitResult(Evaluation Evaluation, string Outcome, int Polls, TimeSpan Waited);

/// <summary>
/// <c>--wait-for-approval</c>: polls with exponential backoff (first delay doubling up to a cap) until the block is
/// lifted, an eligible person rejects, nothing approvable is left, or the limit passes. Clock and delay are injected.
/// </summary>
public sealed class ApprovalWaiter(TimeProvider clock, Func<TimeSpan, CancellationToken, Task> delay)
{
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether waiting can change the decision: it blocks, and only on findings an approval of this digest can lift.</summary>
    public static string? WhyNotWaitable(Evaluation e)
    {
        if (e.Decision != Decision.Block) return null;
        if (e.ApprovalFacts.Manifest is null) return e.ApprovalFacts.Missing ?? "no action-level approval applies";
        if (e.ActionApprovals.Any(r => r.Rejected)) return "rejected";
        var approvable = e.ActionApprovals.Select(r => r.RuleId).ToHashSet(StringComparer.Ordinal);
        var stuck = e.Findings.Where(f => f.Outcome == Outcome.Block && !approvable.Contains(f.RuleId)).Select(f => f.RuleId).Distinct().ToList();
        return stuck.Count > 0 ? $"{string.Join(", ", stuck)} block{(stuck.Count == 1 ? "s" : "")} and no approval lifts {(stuck.Count == 1 ? "it" : "them")}" : null;
    }

    public async Task<WaitResult> WaitAsync(Evaluation first, TimeSpan limit, Func<CancellationToken, Task<Evaluation>> poll, Action<string> progress, CancellationToken cancel)
    {
        var start = clock.GetUtcNow();
        var current = first;
        var polls = 0;
        var next = FirstDelay;
        while (true)
        {
            var waited = clock.GetUtcNow() - start;
            if (current.Decision != Decision.Block) return new WaitResult(current, "approved", polls, waited);
            if (current.ActionApprovals.Any(r => r.Rejected)) return new WaitResult(current, "rejected", polls, waited);
            if (WhyNotWaitable(current) is { } why)
            {
                progress($"not waiting for approval: {why}");
                return new WaitResult(current, "not-approvable", polls, waited);
            }
            var left = limit - waited;
            if (left <= TimeSpan.Zero)
            {
                progress($"no approval within {Text(limit)}; giving up");
                return new WaitResult(current, "timed-out", polls, waited);
            }
            var pause = next < left ? next : left;
            progress($"waiting for approval of {current.ApprovalFacts.Digest![..Policy.ApprovalDigestText.MinPrefix]}: {ApprovalRequestText.Status(current)}; next check in {Text(pause)}, {Text(left)} left");
            await delay(pause, cancel).ConfigureAwait(false);
            current = await poll(cancel).ConfigureAwait(false);
            polls++;
            next = next + next < MaxDelay ? next + next : MaxDelay;
        }
    }

    private static string Text(TimeSpan t) =>
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
}
