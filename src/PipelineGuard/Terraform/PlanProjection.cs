using System.Collections.Concurrent;

namespace PipelineGuard.Terraform;

/// <summary>
/// What a policy's terraform rules need the plan reader to keep: for resource types, the attribute
/// paths to select (before and/or after the change), and whether resource identities and the
/// provider context (configuration, variables, prior state) are read. The reader keeps only these
/// values per change; the rules judge them afterwards, so a rule is testable with plain objects.
/// </summary>
public sealed class PlanProjection
{
    private readonly RuleProjection[] _rules;
    private readonly ConcurrentDictionary<string, TypeProjection> _byType = new(StringComparer.Ordinal);

    public PlanProjection(IEnumerable<RuleProjection> rules, bool identities = false, bool providerContext = false, bool? accountEvidence = null)
    {
        _rules = [.. rules.Distinct()];
        Identities = identities;
        ProviderContext = providerContext;
        AccountEvidence = providerContext && (accountEvidence ?? true);
    }

    public static PlanProjection None { get; } = new([]);

    public bool IsEmpty => _rules.Length == 0 && !Identities && !ProviderContext;

    /// <summary>Read <c>before_identity</c> and <c>after_identity</c> of every change.</summary>
    public bool Identities { get; }

    /// <summary>Read <c>configuration</c>: provider configurations and which resource uses which.</summary>
    public bool ProviderContext { get; }

    /// <summary>
    /// With the provider context, also read what names an account, project or subscription: root <c>variables</c>,
    /// module call arguments, identity data sources in <c>prior_state</c>, each change's ARNs, ids and project, and
    /// its resource identity. Only a policy whose environments declare cloud identities judges them.
    /// </summary>
    public bool AccountEvidence { get; }

    /// <summary>Whether the plan was read with this rule's projection (a check whose projection is missing cannot judge the plan).</summary>
    public bool Contains(RuleProjection rule) => Array.IndexOf(_rules, rule) >= 0;

    /// <summary>The projection for a resource type (cached per type: plans repeat types).</summary>
    public TypeProjection ForType(string type) =>
        _rules.Length == 0 ? TypeProjection.Empty : _byType.GetOrAdd(type, t =>
        {
            var matching = _rules.Where(p => p.Types.IsMatch(t)).ToArray();
            return matching.Length == 0 ? TypeProjection.Empty
                : new TypeProjection([.. matching.SelectMany(p => p.Paths).DistinctBy(p => p.Text)], matching.Any(p => p.NeedsBefore),
                    [.. matching.SelectMany(p => p.ReadPaths ?? p.Paths).DistinctBy(p => p.Text)]);
        });

    /// <summary>A projection with another one's rules and flags added.</summary>
    public PlanProjection With(PlanProjection other) =>
        new(_rules.Concat(other._rules), Identities || other.Identities, ProviderContext || other.ProviderContext,
            AccountEvidence || other.AccountEvidence);
}

/// <summary>
/// One rule's projection: the paths whose selections it reads on resources of these types, and
/// (when narrower than whole values) the full paths below them it actually reads.
/// </summary>
public sealed record RuleProjection(Policy.GlobSet Types, IReadOnlyList<AttributePath> Paths, bool NeedsBefore)
{
    public IReadOnlyList<AttributePath>? ReadPaths { get; init; }
}

/// <summary>The projection for one resource type: the union of the rule projections that match it.</summary>
public sealed class TypeProjection
{
    private readonly Dictionary<string, int> _index;

    public TypeProjection(AttributePath[] paths, bool needsBefore, AttributePath[]? readPaths = null)
    {
        Paths = paths;
        NeedsBefore = needsBefore;
        _index = new Dictionary<string, int>(paths.Length, StringComparer.Ordinal);
        for (var i = 0; i < paths.Length; i++) _index[paths[i].Text] = i;
        Trie = PathTrie.Of(readPaths ?? paths);
    }

    public static TypeProjection Empty { get; } = new([], false);

    public AttributePath[] Paths { get; }
    public bool NeedsBefore { get; }

    /// <summary>The read paths as a trie, for materialising only what the rules read.</summary>
    public PathTrie Trie { get; }

    public int IndexOf(string path) => _index.GetValueOrDefault(path, -1);
}

/// <summary>A check that reads plans and tells the reader what to keep for it, given what the policy's environments declare.</summary>
public interface IReadsPlans
{
    PlanProjection ProjectionFor(IReadOnlyDictionary<string, Policy.EnvironmentDeclaration> environments);
}
