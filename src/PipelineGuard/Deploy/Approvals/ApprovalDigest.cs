using System.Security.Cryptography;
using System.Text;
using PipelineGuard.Engine.Approvals;
using PipelineGuard.Inputs;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Terraform;

namespace PipelineGuard.Deploy.Approvals;

/// <summary>Computes the <see cref="ApprovalManifest"/> of a run from its facts; null with the reason when it cannot.</summary>
public static class ApprovalDigest
{
    public static (ApprovalManifest? Manifest, string? Missing) Compute(EvaluationFacts facts, PolicySet policy)
    {
        var context = facts.Context;
        // On a pull request the head commit, not the merge ref GitHub rebuilds whenever the base branch moves.
        var commit = context.PullRequest?.HeadSha ?? context.Commit?.Sha;
        if (string.IsNullOrWhiteSpace(commit)) return (null, "the commit is not known (git, --commit or the CI variables), and an approval names the commit");
        if (string.IsNullOrWhiteSpace(context.Environment)) return (null, "the environment is not known (--environment or the context file), and an approval names the environment");
        if (facts.Plans.FirstOrDefault(p => !p.ChangesDigested) is { } undigested)
        {
            return (null, $"the plan {undigested.File} was read without its canonical digest");
        }
        var (count, changesSha) = ResourceChangesDigest(facts.Plans);
        var migrations = facts.Inputs
            .Where(i => i.Kind == "migration")
            .Select(i => new DigestedFile(i.Path.Replace('\\', '/'), i.Sha256))
            .OrderBy(m => m.Path, StringComparer.Ordinal)
            .ToList();
        var policies = policy.Sources.Select(s => s.Sha256).Order(StringComparer.Ordinal).ToList();
        return (new ApprovalManifest(commit.Trim().ToLowerInvariant(), context.Environment.Trim(), count, changesSha, migrations, policies), null);
    }

    /// <summary>
    /// SHA-256 of the canonical JSON array <c>[{"address":..,"deposed":..,"sha256":..},...]</c> over every resource
    /// change of every plan whose actions are not only no-op, sorted by address, then deposed key, then content hash.
    /// Built from the per-change hashes the reader kept, so no plan is held or read twice.
    /// </summary>
    public static (int Count, string Sha256) ResourceChangesDigest(IEnumerable<TerraformPlan> plans)
    {
        var changes = plans.SelectMany(p => p.Changes)
            .Where(c => c.Actions != PlanActions.NoOp)
            .Select(c => (c.Address, c.Deposed, Hex: Convert.ToHexStringLower(c.ContentSha256 ?? throw new InvalidOperationException($"{c.Address} has no content digest"))))
            .OrderBy(c => c.Address, StringComparer.Ordinal)
            .ThenBy(c => c.Deposed ?? "", StringComparer.Ordinal)
            .ThenBy(c => c.Hex, StringComparer.Ordinal)
            .ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("["u8);
        for (var i = 0; i < changes.Count; i++)
        {
            var (address, deposed, hex) = changes[i];
            var item = $"{(i > 0 ? "," : "")}{{\"address\":{CanonicalJson.Quote(address)},\"deposed\":{(deposed is null ? "null" : CanonicalJson.Quote(deposed))},\"sha256\":\"{hex}\"}}";
            hash.AppendData(Encoding.UTF8.GetBytes(item));
        }
        hash.AppendData("]"u8);
        return (changes.Count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
