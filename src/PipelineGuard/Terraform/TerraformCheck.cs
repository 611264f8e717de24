using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>
/// The <c>terraform</c> check kind: planned changes of the given resource types, actions and
/// modules whose values meet every attribute condition; or, with <c>max_changes</c>, more such
/// changes than allowed (blast radius).
/// </summary>
public sealed class TerraformCheck : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        Name: "terraform",
        Summary: "Judges the resource changes of a terraform or OpenTofu plan: types, actions, modules, planned values and blast radius.",
        Rationale: "A plan says exactly what an apply will do. Reading it before the apply catches destroyed databases, "
            + "world-open ports, wildcard IAM and disabled protections while they are still a proposal, not an outage.",
        Remediation: "Change the terraform so the plan no longer does this (for a replace, find the attribute in replace_paths "
            + "that forces it; for a destroy, add lifecycle { prevent_destroy = true } or a moved block), or, when the change "
            + "is intended, use the rule's override or add an exception with a reason and an expiry date.",
        Keys:
        [
            ("resource_types", "globs over resource types, e.g. aws_db_*; default every type"),
            ("actions", "create | update | delete | replace | read | no-op | forget; default create, update, delete, replace"),
            ("modules", "globs over module addresses (module.net, module.app[\"a\"].module.db); 'root' is the root module"),
            ("attributes", "conditions that must all hold: { path, <op>: value } with op equals, not_equals, contains, matches, exists, absent, changed_from, changed_to, in, at_least, at_most, covers_port ([22, 3389]: a port, range \"20-30\" or \"*\" opens one of them), cidrs_cover (\"0.0.0.0/0\": the selected CIDRs together hold every address of it, so 0.0.0.0/1 + 128.0.0.0/1 count); { path, where: [...] } judges each selected element; any_of / all_of combine"),
            ("max_changes", "trip when more matching changes than this are planned (blast radius)"),
            ("on_unknown", "what a value known only after apply does: block | warn | advisory | ignore; default warn"),
        ],
        Example: """
            - id: no-destroy-stateful
              description: Stateful resources are never destroyed or replaced in production.
              severity: critical
              enforcement: block
              when: { environments: [production] }
              terraform:
                resource_types: ["aws_db_instance", "aws_rds_cluster", "aws_s3_bucket"]
                actions: [delete, replace]
            """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    private static readonly Dictionary<string, Enforcement?> s_onUnknownWords = new(StringComparer.Ordinal)
    {
        ["block"] = Enforcement.Block,
        ["warn"] = Enforcement.Warn,
        ["advisory"] = Enforcement.Advisory,
    };

    public GlobSet ResourceTypes { get; }
    public IReadOnlyList<string> Actions { get; }
    public GlobSet Modules { get; }
    public bool ModulesIncludeRoot { get; }
    public IReadOnlyList<AttributeCondition> Attributes { get; }
    public int? MaxChanges { get; }
    /// <summary>Null means unknown values are ignored.</summary>
    public Enforcement? OnUnknown { get; }

    public TerraformCheck(GlobSet resourceTypes, IReadOnlyList<string> actions, GlobSet modules, bool modulesIncludeRoot,
        IReadOnlyList<AttributeCondition> attributes, int? maxChanges, Enforcement? onUnknown)
    {
        ResourceTypes = resourceTypes;
        Actions = actions;
        Modules = modules;
        ModulesIncludeRoot = modulesIncludeRoot;
        Attributes = attributes;
        MaxChanges = maxChanges;
        OnUnknown = onUnknown;
        Conditions = attributes.Count == 0 ? null : new AttributeConditionSet(resourceTypes, attributes);
    }

    public CheckKindInfo Kind => Info;

    /// <summary>The attribute conditions; their paths are pushed down into the plan reader. Null when the check has none.</summary>
    public AttributeConditionSet? Conditions { get; }

    private static TerraformCheck Parse(YamlMap map, PolicyParseContext context)
    {
        var types = map.Globs("resource_types");
        var actions = PlanCheckParts.ParseActions(map, context);
        var moduleGlobs = new List<Glob>();
        var includeRoot = false;
        foreach (var (pattern, node) in map.StringListWithNodes("modules"))
        {
            if (pattern == "root")
            {
                includeRoot = true;
                continue;
            }
            var glob = Glob.TryParse(pattern, false, out var error);
            if (glob is null) context.Error(node, $"{map.What}: 'modules': {error}");
            else moduleGlobs.Add(glob);
        }
        var attributes = new List<AttributeCondition>();
        foreach (var item in map.MapList("attributes", i => $"{map.What} attributes[{i}]"))
        {
            var condition = AttributeCondition.Parse(item, nested: false);
            if (condition is not null) attributes.Add(condition);
        }
        var max = map.Integer("max_changes", 0, int.MaxValue);
        Enforcement? onUnknown = Enforcement.Warn;
        if (map.Has("on_unknown"))
        {
            var word = map.String("on_unknown");
            if (word == "ignore") onUnknown = null;
            else if (word is not null && s_onUnknownWords.TryGetValue(word, out var e)) onUnknown = e;
            else map.Error("on_unknown", $"'on_unknown' must be block | warn | advisory | ignore, not '{word}'");
        }
        map.RejectUnknownKeys(["resource_types", "actions", "modules", "attributes", "max_changes", "on_unknown"]);
        return new TerraformCheck(types, actions, new GlobSet(moduleGlobs),
            includeRoot, attributes, max is null ? null : (int)max, onUnknown);
    }

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        foreach (var plan in facts.Plans)
        {
            if (Conditions is not null && !plan.Projection.Contains(Conditions.Projection))
            {
                throw new InvalidOperationException($"the plan {plan.File} was read without this check's attribute paths; read plans with the policy's projection");
            }
            var selection = new Selection(this);
            var matches = 0;
            var unknowns = 0;
            var examples = new List<string>();
            foreach (var change in plan.Changes)
            {
                if (!Selects(change, selection)) continue;
                var (truth, why) = Conditions is null ? (Truth.True, "") : Verdict(Conditions.Judge(change.Values));
                if (truth == Truth.False) continue;
                if (MaxChanges is not null)
                {
                    if (truth == Truth.True)
                    {
                        matches++;
                        if (examples.Count < 5) examples.Add(change.Address);
                    }
                    else
                    {
                        unknowns++;
                    }
                    continue;
                }
                if (truth == Truth.Unknown)
                {
                    if (OnUnknown is null) continue;
                    yield return new Violation(
                        $"{change.Address} {PlanActionWords.WouldBe(change.Actions)}, and whether it breaks this rule cannot be decided before apply: {why}",
                        PlanCheckParts.TargetOf(plan, change, facts.TerraformSources), change.Address, Indeterminate: true, Enforcement: OnUnknown);
                    continue;
                }
                yield return new Violation(Describe(change, why), PlanCheckParts.TargetOf(plan, change, facts.TerraformSources), change.Address);
            }
            if (MaxChanges is { } max && matches > max)
            {
                var shown = string.Join(", ", examples) + (matches > examples.Count ? ", ..." : "");
                var unknownNote = unknowns > 0 ? $"; {unknowns} more may match once unknown values are known" : "";
                yield return new Violation(
                    $"{matches} resource changes match, more than the {max} allowed in one plan (blast radius): {shown}{unknownNote}",
                    new Target(TargetKinds.TerraformPlan, File: plan.File), $"max_changes:{plan.File}");
            }
        }
    }

    private static string Describe(PlanChange change, string why)
    {
        var reason = change.ActionReason is null ? "" : $" ({change.ActionReason})";
        var where = why.Length > 0 ? $": {why}" : "";
        return $"{change.Address} {PlanActionWords.WouldBe(change.Actions)}{reason}{where}";
    }

    /// <summary>Type, module and action filters: cheap tests first.</summary>
    public bool Selects(PlanChange change) => Selects(change, new Selection(this));

    private bool Selects(PlanChange change, Selection selection)
    {
        if (!selection.ActionMatches[(int)change.Actions & 0x3F]) return false;
        if (!selection.TypeMatches(change.Type)) return false;
        if (!Modules.MatchesEverything || ModulesIncludeRoot)
        {
            var inModule = change.ModuleAddress is { } m ? !Modules.MatchesEverything && selection.ModuleMatches(m) : ModulesIncludeRoot;
            if (!inModule) return false;
        }
        return true;
    }

    /// <summary>
    /// Per-evaluation answers of the filters: a table over the 64 action combinations, and type and
    /// module answers remembered by string identity (the plan reader interns both), local to one evaluation.
    /// </summary>
    private sealed class Selection
    {
        private readonly TerraformCheck _check;
        private readonly Dictionary<string, bool> _types = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, bool> _modules = new(ReferenceEqualityComparer.Instance);

        public Selection(TerraformCheck check)
        {
            _check = check;
            ActionMatches = new bool[64];
            for (var flags = 0; flags < 64; flags++)
            {
                ActionMatches[flags] = check.Actions.Any(a => PlanActionWords.Matches((PlanActions)flags, a));
            }
        }

        public bool[] ActionMatches { get; }

        public bool TypeMatches(string type) => Remember(_types, type, _check.ResourceTypes);

        public bool ModuleMatches(string module) => Remember(_modules, module, _check.Modules);

        private static bool Remember(Dictionary<string, bool> memo, string value, GlobSet globs)
        {
            if (globs.MatchesEverything) return true;
            if (memo.TryGetValue(value, out var known)) return known;
            var result = globs.IsMatch(value);
            if (memo.Count < 10_000) memo[value] = result;
            return result;
        }
    }

    private static (Truth Truth, string Why) Verdict(AttributeVerdict verdict) => (verdict.Truth, verdict.Why);

    /// <summary>The projection a policy's checks need from the plan reader: every check that reads plans says what it needs.</summary>
    public static PlanProjection ProjectionOf(PolicySet policy)
    {
        var checks = policy.Rules.Select(r => r.Check).ToList();
        var projection = new PlanProjection(checks.OfType<TerraformCheck>().Select(c => c.Conditions).OfType<AttributeConditionSet>().Select(p => p.Projection));
        foreach (var reader in checks.OfType<IReadsPlans>()) projection = projection.With(reader.ProjectionFor(policy.EnvironmentDeclarations));
        return projection;
    }
}
