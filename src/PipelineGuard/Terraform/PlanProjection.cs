using System.Collections.Concurrent;

namespace PipelineGuard.Terraform;

/// <summary>
/// The attribute probes of a policy's terraform checks. The plan reader judges, for each resource
/// change, the probes whose resource types match, and records their verdicts on the change.
/// </summary>
public sealed class PlanProjection
{
    private readonly AttributeProbe[] _probes;
    private readonly ConcurrentDictionary<string, ProbeSet> _byType = new(StringComparer.Ordinal);

    public PlanProjection(IEnumerable<AttributeProbe> probes) => _probes = [.. probes.Distinct()];

    public static PlanProjection None { get; } = new([]);

    public bool IsEmpty => _probes.Length == 0;

    public bool Contains(AttributeProbe probe) => Array.IndexOf(_probes, probe) >= 0;

    /// <summary>The probes for a resource type and the union of their paths (cached per type: plans repeat types).</summary>
    public ProbeSet ProbesFor(string type) =>
        _probes.Length == 0 ? ProbeSet.Empty : _byType.GetOrAdd(type, t =>
        {
            var probes = _probes.Where(p => p.Types.IsMatch(t)).ToArray();
            return probes.Length == 0 ? ProbeSet.Empty
                : new ProbeSet(probes, [.. probes.SelectMany(p => p.Paths).DistinctBy(p => p.Text)], probes.Any(p => p.NeedsBefore));
        });
}

/// <summary>The probes that apply to one resource type, with the paths they read.</summary>
public sealed record ProbeSet(AttributeProbe[] Probes, AttributePath[] Paths, bool NeedsBefore)
{
    public static ProbeSet Empty { get; } = new([], [], false);

    /// <summary>The paths as a trie, for reading only what they select.</summary>
    public PathTrie Trie { get; } = PathTrie.Of(Paths);
}
