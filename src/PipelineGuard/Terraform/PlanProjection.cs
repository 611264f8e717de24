using System.Collections.Concurrent;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>
/// Which attribute paths the policy reads, for which resource types. The plan reader extracts
/// only these values, so a 100k-resource plan is never held whole and values no rule reads are
/// never materialised.
/// </summary>
public sealed class PlanProjection
{
    private readonly (GlobSet Types, AttributePath Path)[] _wants;
    private readonly ConcurrentDictionary<string, AttributePath[]> _byType = new(StringComparer.Ordinal);

    public PlanProjection(IEnumerable<(GlobSet Types, AttributePath Path)> wants) => _wants = [.. wants];

    public static PlanProjection None { get; } = new([]);

    public bool IsEmpty => _wants.Length == 0;

    /// <summary>The distinct paths wanted for a resource type (cached per type: plans repeat types).</summary>
    public AttributePath[] PathsFor(string type) =>
        _wants.Length == 0 ? [] : _byType.GetOrAdd(type, t =>
            [.. _wants.Where(w => w.Types.IsMatch(t)).Select(w => w.Path).DistinctBy(p => p.Text)]);
}
