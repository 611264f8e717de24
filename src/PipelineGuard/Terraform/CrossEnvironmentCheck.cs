using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary>
/// The <c>cross_environment</c> check kind: a plan deployed to one environment must not write
/// resources that belong to another. Ownership comes from the policy's <c>environments</c>
/// (accounts, projects, subscriptions, tags); where a change goes comes from
/// <see cref="IdentityResolver"/>. A change whose account the plan cannot tell is indeterminate.
/// </summary>
public sealed class CrossEnvironmentCheck : ICheck, IReadsPlans
{
    public static CheckKindInfo Info { get; } = new(
        Name: "cross_environment",
        Summary: "Blocks a plan deployed to one environment that writes resources belonging to another (account, project, subscription or tag).",
        Rationale: "Credentials and provider blocks drift: a staging pipeline whose provider assumes a role in the production account, "
            + "or a copied module still tagged for production, writes where it must not. The plan says where each change goes "
            + "(provider assume_role, allowed_account_ids, project, subscription_id, ARNs and ids, resource identity, tags); "
            + "comparing that with what each environment owns catches the write before it happens.",
        Remediation: "Point the provider at the environment being deployed (its assume_role role_arn, project or subscription_id, "
            + "usually a per-environment variable), or deploy the change through the owning environment's pipeline. "
            + "For an indeterminate finding, make the account visible in the plan: a constant or variable role_arn, "
            + "allowed_account_ids, or a data.aws_caller_identity read at plan time.",
        Keys:
        [
            ("resource_types", "globs over resource types; default every type"),
            ("actions", "create | update | delete | replace | read | forget; default create, update, delete, replace"),
            ("identities", "which evidence to judge: accounts (AWS accounts, GCP projects, Azure subscriptions) and/or tags; default both"),
            ("on_unknown", "what a change whose account cannot be told does: block | warn | advisory | ignore; default warn"),
        ],
        Example: """
            environments:
              production: { aliases: [prod], aws_accounts: ["111111111111"], gcp_projects: ["prod-*"], tags: { env: prod } }
              staging: { aliases: [stage], aws_accounts: ["222222222222"], gcp_projects: ["stg-*"], tags: { env: staging } }
            rules:
              - id: no-cross-environment-writes
                description: A plan writes only to the environment it is deployed to.
                severity: critical
                enforcement: block
                cross_environment:
                  on_unknown: warn
            """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public GlobSet ResourceTypes { get; }
    public IReadOnlyList<string> Actions { get; }
    public bool JudgeAccounts { get; }
    public bool JudgeTags { get; }
    public Enforcement? OnUnknown { get; }

    public CrossEnvironmentCheck(GlobSet resourceTypes, IReadOnlyList<string> actions, bool judgeAccounts, bool judgeTags, Enforcement? onUnknown)
    {
        ResourceTypes = resourceTypes;
        Actions = actions;
        JudgeAccounts = judgeAccounts;
        JudgeTags = judgeTags;
        OnUnknown = onUnknown;
        Tags = new RuleProjection(resourceTypes, IdentityResolver.TagPaths, NeedsBefore: true);
    }

    public CheckKindInfo Kind => Info;

    /// <summary>The tags of the changes this check judges, before and after: selected by the plan reader like any rule's attribute paths.</summary>
    public RuleProjection Tags { get; }

    /// <summary>Whether the policy's environments make this check judge accounts, projects and subscriptions.</summary>
    private bool JudgesAccounts(IEnumerable<EnvironmentDeclaration> environments) => JudgeAccounts && environments.Any(e => e.DeclaresCloudIdentities);

    /// <summary>
    /// Only what the policy's environments can be told by: tags through the projection's paths (and the providers'
    /// default tags), and account evidence (variables, prior_state, ARNs and ids, identities) only where an environment declares accounts.
    /// </summary>
    public PlanProjection ProjectionFor(IReadOnlyDictionary<string, EnvironmentDeclaration> environments)
    {
        var accounts = JudgesAccounts(environments.Values);
        if (environments.Count == 0 || (!accounts && !JudgeTags)) return PlanProjection.None;
        return new PlanProjection(JudgeTags ? [Tags] : [], identities: accounts, providerContext: true, accountEvidence: accounts);
    }

    private static CrossEnvironmentCheck Parse(YamlMap map, PolicyParseContext context)
    {
        var types = map.Globs("resource_types");
        var actions = PlanCheckParts.ParseActions(map, context);
        var accounts = true;
        var tags = true;
        if (map.Has("identities"))
        {
            var words = map.StringListWithNodes("identities");
            accounts = tags = false;
            foreach (var (word, node) in words)
            {
                if (word == "accounts") accounts = true;
                else if (word == "tags") tags = true;
                else context.Error(node, $"{map.What}: 'identities' are accounts and/or tags, not '{word}'");
            }
        }
        Enforcement? onUnknown = Enforcement.Warn;
        if (map.Has("on_unknown"))
        {
            var word = map.String("on_unknown");
            onUnknown = word switch
            {
                "ignore" => null,
                "block" => Enforcement.Block,
                "warn" => Enforcement.Warn,
                "advisory" => Enforcement.Advisory,
                _ => Invalid(word),
            };
        }
        map.RejectUnknownKeys(["resource_types", "actions", "identities", "on_unknown"]);
        return new CrossEnvironmentCheck(types, actions, accounts, tags, onUnknown);

        Enforcement? Invalid(string? word)
        {
            map.Error("on_unknown", $"'on_unknown' must be block | warn | advisory | ignore, not '{word}'");
            return Enforcement.Warn;
        }
    }

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var environments = facts.Environments.Values.ToList();
        var judged = environments.Where(e => (JudgeAccounts && e.DeclaresCloudIdentities) || JudgeTags).ToList();
        if (judged.Count == 0 || facts.Plans.Count == 0) yield break;
        var deployed = facts.Context.Environment;
        if (string.IsNullOrWhiteSpace(deployed))
        {
            // Without the deployed environment nothing can be called foreign; it matters only when the plan writes where the policy knows an owner.
            if (OnUnknown is { } e && FirstOwned(facts, environments) is { } owned)
            {
                yield return new Violation(
                    $"which environment this plan is deployed to is not known (--environment or the context file), and {owned.Change.Address} {PlanActionWords.WouldBe(owned.Change.Actions)} in '{owned.Owner}' ({owned.Evidence.Describe()}); whether that is another environment cannot be told",
                    PlanCheckParts.TargetOf(owned.Plan, owned.Change, facts.TerraformSources), "cross-environment:no-environment", Indeterminate: true, Enforcement: e);
            }
            yield break;
        }
        var home = environments.FirstOrDefault(e => e.IsNamed(deployed));
        var homeName = home?.Name ?? deployed;
        foreach (var plan in facts.Plans)
        {
            if (!plan.Projection.ProviderContext || (JudgeTags && !plan.Projection.Contains(Tags)) || (JudgesAccounts(environments) && !plan.Projection.AccountEvidence))
            {
                throw new InvalidOperationException($"the plan {plan.File} was read without the provider context, tags or account evidence this check judges; read plans with the policy's projection");
            }
            // Changes whose account the plan cannot tell, grouped by provider configuration: one finding each.
            var unknownByProvider = new Dictionary<string, (List<string> Addresses, HashSet<string> Why, PlanChange First, IdentityDimension Cloud)>(StringComparer.Ordinal);
            foreach (var change in plan.Changes)
            {
                if (!Actions.Any(a => PlanActionWords.Matches(change.Actions, a))) continue;
                if (!ResourceTypes.MatchesEverything && !ResourceTypes.IsMatch(change.Type)) continue;
                var identity = IdentityResolver.Resolve(plan.Context, change);
                var foreign = new List<(IdentityEvidence Evidence, string Owner)>();
                var ownedHere = false;
                foreach (var evidence in identity.Decisive())
                {
                    if (evidence.Dimension == IdentityDimension.Tag ? !JudgeTags : !JudgeAccounts) continue;
                    var owners = environments.Where(e => Owns(e, evidence)).Select(e => e.Name).ToList();
                    if (owners.Count == 0) continue;
                    if (owners.Contains(homeName, StringComparer.OrdinalIgnoreCase))
                    {
                        if (evidence.Dimension != IdentityDimension.Tag) ownedHere = true;
                        continue;
                    }
                    foreign.Add((evidence, owners[0]));
                }
                if (foreign.Count > 0)
                {
                    var first = foreign[0];
                    var all = string.Join("; ", foreign.Select(f => $"{f.Evidence.Describe()} belongs to {f.Owner}"));
                    yield return new Violation(
                        $"{change.Address} {PlanActionWords.WouldBe(change.Actions)} in environment '{first.Owner}', but this plan is deployed to '{homeName}': {all}",
                        PlanCheckParts.TargetOf(plan, change, facts.TerraformSources), $"cross-environment:{change.Address}")
                    {
                        Remediation = $"The evidence: {first.Evidence.Source} says {first.Evidence.Value}.",
                    };
                    continue;
                }
                if (!JudgeAccounts || ownedHere || identity.Cloud is not { } cloud) continue;
                if (identity.Knows(cloud)) continue;
                // The environment declares this cloud's identities, and the plan does not tell which one this change uses.
                if (!environments.Any(e => Declares(e, cloud))) continue;
                if (!unknownByProvider.TryGetValue(identity.ProviderKey, out var group))
                {
                    group = ([], new HashSet<string>(StringComparer.Ordinal), change, cloud);
                    unknownByProvider[identity.ProviderKey] = group;
                }
                group.Addresses.Add(change.Address);
                foreach (var why in identity.Unknowns) group.Why.Add(why);
            }
            if (OnUnknown is not { } unknownEnforcement) continue;
            foreach (var (key, group) in unknownByProvider)
            {
                var shown = string.Join(", ", group.Addresses.Take(5)) + (group.Addresses.Count > 5 ? $", ... ({group.Addresses.Count} in all)" : "");
                var why = group.Why.Count > 0
                    ? string.Join("; ", group.Why.Take(3))
                    : "the provider names no assume_role role ARN, allowed_account_ids, project or subscription, and the changes carry no id that names one (the credentials decide at apply)";
                yield return new Violation(
                    $"which {Word(group.Cloud)} the changes through provider '{key}' write to cannot be told from the plan, so whether they stay in '{homeName}' is unknown: {why}; changes: {shown}",
                    PlanCheckParts.TargetOf(plan, group.First, facts.TerraformSources), $"cross-environment:unknown:{key}", Indeterminate: true, Enforcement: unknownEnforcement);
            }
        }
    }

    private (TerraformPlan Plan, PlanChange Change, IdentityEvidence Evidence, string Owner)? FirstOwned(EvaluationFacts facts, List<EnvironmentDeclaration> environments)
    {
        foreach (var plan in facts.Plans)
        {
            foreach (var change in plan.Changes)
            {
                if (!Actions.Any(a => PlanActionWords.Matches(change.Actions, a))) continue;
                if (!ResourceTypes.MatchesEverything && !ResourceTypes.IsMatch(change.Type)) continue;
                foreach (var evidence in IdentityResolver.Resolve(plan.Context, change).Decisive())
                {
                    if (evidence.Dimension == IdentityDimension.Tag ? !JudgeTags : !JudgeAccounts) continue;
                    if (environments.FirstOrDefault(e => Owns(e, evidence)) is { } owner) return (plan, change, evidence, owner.Name);
                }
            }
        }
        return null;
    }

    private static string Word(IdentityDimension d) => d switch
    {
        IdentityDimension.AwsAccount => "AWS account",
        IdentityDimension.GcpProject => "GCP project",
        IdentityDimension.AzureSubscription => "Azure subscription",
        _ => "account",
    };

    private static bool Declares(EnvironmentDeclaration e, IdentityDimension cloud) => cloud switch
    {
        IdentityDimension.AwsAccount => e.AwsAccounts.Globs.Count > 0,
        IdentityDimension.GcpProject => e.GcpProjects.Globs.Count > 0,
        IdentityDimension.AzureSubscription => e.AzureSubscriptions.Globs.Count > 0,
        _ => false,
    };

    private static bool Owns(EnvironmentDeclaration e, IdentityEvidence evidence) => evidence.Dimension switch
    {
        IdentityDimension.AwsAccount => e.OwnsAwsAccount(evidence.Value),
        IdentityDimension.GcpProject => e.OwnsGcpProject(evidence.Value),
        IdentityDimension.AzureSubscription => e.OwnsAzureSubscription(evidence.Value),
        _ => evidence.TagKey is { } key && e.OwnsTag(key, evidence.Value),
    };
}
