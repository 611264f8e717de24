namespace PipelineGuard.Policy;

/// <summary>
/// What an environment of the policy owns, beside its aliases: cloud accounts, projects and
/// subscriptions, tags, and databases. Written in the policy's <c>environments</c> map form:
/// <code>
/// environments:
///   production:
///     aliases: [prod, prd]
///     aws_accounts: ["111111111111"]
///     gcp_projects: ["prod-*"]
///     azure_subscriptions: ["00000000-0000-0000-0000-000000000001"]
///     tags: { env: prod }
///     databases: [orders_prod, "prod-*"]
/// </code>
/// The list form (<c>production: [prod, prd]</c>) declares aliases only. Every value is a glob;
/// account ids, subscriptions and tag values compare without case.
/// </summary>
public sealed record EnvironmentDeclaration(
    string Name,
    GlobSet Aliases,
    GlobSet AwsAccounts,
    GlobSet GcpProjects,
    GlobSet AzureSubscriptions,
    IReadOnlyDictionary<string, GlobSet> Tags,
    GlobSet Databases)
{
    public static readonly IReadOnlyList<string> Keys = ["aliases", "aws_accounts", "gcp_projects", "azure_subscriptions", "tags", "databases"];

    /// <summary>The tag keys that name an environment when the policy declares no tags for it.</summary>
    public static readonly IReadOnlyList<string> ConventionalTagKeys = ["env", "environment", "stage", "tier"];

    public static EnvironmentDeclaration AliasesOnly(string name, GlobSet aliases) =>
        new(name, aliases, GlobSet.Any, GlobSet.Any, GlobSet.Any, new Dictionary<string, GlobSet>(), GlobSet.Any);

    /// <summary>Whether it names accounts, projects or subscriptions (an empty set owns nothing, it does not match everything).</summary>
    public bool DeclaresCloudIdentities =>
        AwsAccounts.Globs.Count > 0 || GcpProjects.Globs.Count > 0 || AzureSubscriptions.Globs.Count > 0;

    /// <summary>Whether this environment is the one named (by its name or an alias).</summary>
    public bool IsNamed(string environment) =>
        Name.Equals(environment, StringComparison.OrdinalIgnoreCase) || (Aliases.Globs.Count > 0 && Aliases.IsMatch(environment));

    public bool OwnsAwsAccount(string account) => Owns(AwsAccounts, account);

    public bool OwnsGcpProject(string project) => Owns(GcpProjects, project);

    public bool OwnsAzureSubscription(string subscription) => Owns(AzureSubscriptions, subscription);

    public bool OwnsDatabase(string database) => Owns(Databases, database);

    /// <summary>
    /// Whether a resource tag says it belongs here: a declared tag (key and value glob), or, when
    /// the environment declares no tags, a conventional key (env, environment, stage, tier) whose
    /// value is the environment's name or one of its aliases.
    /// </summary>
    public bool OwnsTag(string key, string value)
    {
        if (Tags.Count > 0)
        {
            foreach (var (k, globs) in Tags)
            {
                if (k.Equals(key, StringComparison.OrdinalIgnoreCase) && globs.Globs.Count > 0 && globs.IsMatch(value)) return true;
            }
            return false;
        }
        return ConventionalTagKeys.Contains(key, StringComparer.OrdinalIgnoreCase) && IsNamed(value);
    }

    private static bool Owns(GlobSet globs, string value) => globs.Globs.Count > 0 && globs.IsMatch(value);

    /// <summary>Parses the map form of one environment (<c>aliases</c>, identities, <c>tags</c>, <c>databases</c>).</summary>
    internal static EnvironmentDeclaration Parse(string name, YamlMap map)
    {
        var tags = new Dictionary<string, GlobSet>(StringComparer.OrdinalIgnoreCase);
        if (map.Map("tags") is { } tagMap)
        {
            foreach (var key in tagMap.Keys.ToList())
            {
                if (tagMap.Raw(key) is YamlDotNet.RepresentationModel.YamlScalarNode scalar && scalar.Value is { } one)
                {
                    tagMap.MarkRead(key);
                    var glob = Glob.TryParse(one, true, out var error);
                    if (glob is null) map.Context.Error(scalar, $"{tagMap.What}: '{key}': {error}");
                    else tags[key] = new GlobSet([glob]);
                }
                else
                {
                    tags[key] = tagMap.Globs(key, ignoreCase: true);
                }
            }
        }
        var declaration = new EnvironmentDeclaration(name,
            map.Globs("aliases", ignoreCase: true),
            map.Globs("aws_accounts", ignoreCase: true),
            map.Globs("gcp_projects", ignoreCase: true),
            map.Globs("azure_subscriptions", ignoreCase: true),
            tags,
            map.Globs("databases", ignoreCase: true));
        map.RejectUnknownKeys(Keys);
        return declaration;
    }

    /// <summary>Two files declaring the same environment: their globs add up.</summary>
    public EnvironmentDeclaration Merge(EnvironmentDeclaration other)
    {
        var tags = new Dictionary<string, GlobSet>(Tags, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, g) in other.Tags) tags[k] = tags.TryGetValue(k, out var e) ? Join(e, g) : g;
        return new(Name, Join(Aliases, other.Aliases), Join(AwsAccounts, other.AwsAccounts), Join(GcpProjects, other.GcpProjects),
            Join(AzureSubscriptions, other.AzureSubscriptions), tags, Join(Databases, other.Databases));
    }

    private static GlobSet Join(GlobSet a, GlobSet b) => new(a.Globs.Concat(b.Globs));
}
