using System.Text.RegularExpressions;

namespace PipelineGuard.Terraform;

/// <summary>Which kind of owner a piece of evidence names.</summary>
public enum IdentityDimension { AwsAccount, GcpProject, AzureSubscription, Tag }

/// <summary>One thing a plan says about where a change goes: the value, and the field it came from (safe to print).</summary>
/// <param name="TagKey">For a tag: its key.</param>
public sealed record IdentityEvidence(IdentityDimension Dimension, string Value, string Source, string? TagKey = null)
{
    /// <summary>Said by the provider configuration rather than the resource's own values.</summary>
    public bool FromProvider => Source.StartsWith("provider ", StringComparison.Ordinal);

    public string Describe() => Dimension switch
    {
        IdentityDimension.AwsAccount => $"AWS account {Value} ({Source})",
        IdentityDimension.GcpProject => $"GCP project {Value} ({Source})",
        IdentityDimension.AzureSubscription => $"Azure subscription {Value} ({Source})",
        _ => $"tag {TagKey}={Value} ({Source})",
    };
}

/// <summary>
/// Where one change goes, as far as the plan tells: the evidence found, the cloud whose identity
/// matters (from the provider), and why parts could not be known at plan time.
/// </summary>
public sealed record ChangeIdentity(IReadOnlyList<IdentityEvidence> Evidence, IdentityDimension? Cloud, string ProviderKey, IReadOnlyList<string> Unknowns)
{
    public bool Knows(IdentityDimension dimension) => Evidence.Any(e => e.Dimension == dimension);

    /// <summary>
    /// The evidence that decides where the change goes: what the resource's own values say (its ARN,
    /// id, project, identity, tags) overrides what its provider says for the same dimension (or tag
    /// key), as the providers do (a resource-level project or an existing id wins over the provider's).
    /// </summary>
    public IEnumerable<IdentityEvidence> Decisive()
    {
        foreach (var e in Evidence)
        {
            if (e.FromProvider && Evidence.Any(o => !o.FromProvider && o.Dimension == e.Dimension &&
                (e.Dimension != IdentityDimension.Tag || string.Equals(o.TagKey, e.TagKey, StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }
            yield return e;
        }
    }
}

/// <summary>
/// Resolves the account, project or subscription a resource change targets from the plan alone:
/// its provider configuration (joined through <c>provider_config_key</c>, since
/// <c>provider_name</c> drops the alias), with constant expressions and references through root
/// variables, module call arguments and identity data sources in the prior state; the
/// provider's <c>assume_role</c> role ARNs, <c>allowed_account_ids</c>, <c>project</c>,
/// <c>subscription_id</c> and <c>default_tags</c>; the change's own ARNs, Azure ids, GCP project,
/// resource identity and tags. What the plan cannot tell is listed as unknown, never guessed.
/// </summary>
public static class IdentityResolver
{
    private static readonly Regex s_awsAccount = new("^[0-9]{12}$", RegexOptions.CultureInvariant);

    /// <summary>The values whose string entries are a resource's tags (or GCP labels), in key order; a check that judges tags asks the plan reader for them.</summary>
    public static IReadOnlyList<AttributePath> TagPaths { get; } = [AttributePath.Parse("labels"), AttributePath.Parse("tags"), AttributePath.Parse("tags_all")];

    public static ChangeIdentity Resolve(PlanContext context, PlanChange change)
    {
        var evidence = new List<IdentityEvidence>();
        var unknowns = new List<string>();
        var module = PlanContext.ConfigModulePath(change.ModuleAddress);
        var key = ProviderKeyOf(context, change, module);
        context.Providers.TryGetValue(key, out var provider);
        var providerType = provider?.Name ?? ShortName(change.ProviderName);
        var cloud = CloudOf(providerType);
        var what = $"provider {DescribeKey(key)}";
        if (provider?.Expressions is { } expressions)
        {
            var providerModule = provider.ModuleAddress ?? "";
            FromProvider(context, expressions, providerModule, what, evidence, unknowns);
        }
        else if (!context.HasConfiguration)
        {
            unknowns.Add("the plan has no configuration section, so its provider settings cannot be read");
        }
        FromOwnValues(change, evidence);
        FromIdentity(change.BeforeIdentity, "before_identity", evidence);
        FromIdentity(change.AfterIdentity, "after_identity", evidence);
        return new ChangeIdentity(evidence, cloud, key, unknowns);
    }

    /// <summary>The configuration's key for the change's provider; the default one of its type when configuration does not say.</summary>
    public static string ProviderKeyOf(PlanContext context, PlanChange change, string module)
    {
        if (context.ResourceProviders.TryGetValue(change.ConfigAddress, out var key)) return key;
        var type = ShortName(change.ProviderName) ?? change.Type.Split('_')[0];
        for (var m = module; m.Length > 0; m = Parent(m))
        {
            if (context.Providers.ContainsKey($"{m}:{type}")) return $"{m}:{type}";
        }
        return type;
    }

    private static string DescribeKey(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon < 0 ? key : $"{key[(colon + 1)..]} in {key[..colon]}";
    }

    private static string? ShortName(string? providerName) => providerName is null ? null : providerName[(providerName.LastIndexOf('/') + 1)..];

    public static IdentityDimension? CloudOf(string? providerType) => providerType switch
    {
        "aws" => IdentityDimension.AwsAccount,
        "google" or "google-beta" => IdentityDimension.GcpProject,
        "azurerm" or "azapi" => IdentityDimension.AzureSubscription,
        _ => null,
    };

    private static string Parent(string module)
    {
        var cut = module.LastIndexOf(".module.", StringComparison.Ordinal);
        return cut < 0 ? "" : module[..cut];
    }

    private static void FromProvider(PlanContext context, PlanValue expressions, string module, string what, List<IdentityEvidence> evidence, List<string> unknowns)
    {
        foreach (var (name, expression) in expressions.Properties)
        {
            switch (name)
            {
                case "assume_role" or "assume_role_with_web_identity":
                    foreach (var block in Blocks(expression))
                    {
                        if (block.Properties.GetValueOrDefault("role_arn") is { } arn)
                        {
                            foreach (var (value, via) in Evaluate(context, arn, module, $"{what} {name}.role_arn", unknowns))
                            {
                                if (AwsAccountOfArn(value) is { } account) evidence.Add(new(IdentityDimension.AwsAccount, account, via));
                                else if (s_awsAccount.IsMatch(value)) evidence.Add(new(IdentityDimension.AwsAccount, value, via));
                            }
                        }
                    }
                    break;
                case "allowed_account_ids":
                    foreach (var (value, via) in Evaluate(context, expression, module, $"{what} allowed_account_ids", unknowns))
                    {
                        evidence.Add(new(IdentityDimension.AwsAccount, value, via));
                    }
                    break;
                case "project":
                    foreach (var (value, via) in Evaluate(context, expression, module, $"{what} project", unknowns))
                    {
                        evidence.Add(new(IdentityDimension.GcpProject, value, via));
                    }
                    break;
                case "subscription_id":
                    foreach (var (value, via) in Evaluate(context, expression, module, $"{what} subscription_id", unknowns))
                    {
                        evidence.Add(new(IdentityDimension.AzureSubscription, value, via));
                    }
                    break;
                case "default_tags" or "default_labels":
                    foreach (var block in name == "default_tags" ? Blocks(expression) : [expressions])
                    {
                        var tags = name == "default_tags" ? block.Properties.GetValueOrDefault("tags") : expression;
                        if (tags?.Properties.GetValueOrDefault("constant_value") is { Kind: PlanValueKind.Map } map)
                        {
                            foreach (var (tag, v) in map.Properties)
                            {
                                if (v.RawText is { } text) evidence.Add(new(IdentityDimension.Tag, text, $"{what} {name}", tag));
                            }
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>A nested block in configuration expressions is a list of objects (or, in older versions, one object).</summary>
    private static IEnumerable<PlanValue> Blocks(PlanValue expression) =>
        expression.Kind == PlanValueKind.List ? expression.Items : expression.Kind == PlanValueKind.Map ? [expression] : [];

    /// <summary>
    /// The values an expression gives: its <c>constant_value</c>, or the value of what it references
    /// (a root variable, a module call argument, an identity data source in the prior state). A reference
    /// that cannot be followed is recorded as unknown.
    /// </summary>
    private static IEnumerable<(string Value, string Via)> Evaluate(PlanContext context, PlanValue expression, string module, string what, List<string> unknowns, int depth = 0)
    {
        if (expression.Properties.TryGetValue("constant_value", out var constant))
        {
            return Strings(constant).Select(v => (v, what));
        }
        if (!expression.Properties.TryGetValue("references", out var references) || references.Items.Count == 0)
        {
            unknowns.Add($"{what} is computed and not known before apply");
            return [];
        }
        var first = references.Items[0].RawText ?? "";
        if (depth < 16 && first.StartsWith("var.", StringComparison.Ordinal))
        {
            var name = first[4..];
            if (module.Length == 0)
            {
                if (context.Variables.TryGetValue(name, out var value) && !value.IsUnknown)
                {
                    return Strings(value).Select(v => (v, $"{what} = var.{name}"));
                }
                unknowns.Add($"{what} references var.{name}, which the plan gives no value for");
                return [];
            }
            if (context.ModuleCallExpressions.TryGetValue(module, out var call) && call.Properties.TryGetValue(name, out var argument))
            {
                return Evaluate(context, argument, Parent(module), $"{what} = var.{name} of {module}", unknowns, depth + 1);
            }
            unknowns.Add($"{what} references var.{name} of {module}, which its module call does not set (its default is not in the plan)");
            return [];
        }
        if (first.StartsWith("data.", StringComparison.Ordinal))
        {
            var parts = first.Split('.');
            if (parts.Length >= 4)
            {
                var address = (module.Length == 0 ? "" : module + ".") + string.Join('.', parts[..3]);
                if (context.IdentityData.TryGetValue(address, out var data) && data.Properties.GetValueOrDefault(parts[3]) is { RawText: { } text })
                {
                    return [(text, $"{what} = {first} (read into the prior state)")];
                }
            }
            unknowns.Add($"{what} references {first}, which is not in the prior state (read at apply)");
            return [];
        }
        unknowns.Add($"{what} is built from {string.Join(", ", references.Items.Select(r => r.RawText))}, which the plan does not resolve");
        return [];
    }

    private static IEnumerable<string> Strings(PlanValue value) => value.Kind switch
    {
        PlanValueKind.String or PlanValueKind.Number => value.RawText is { } t ? [t] : [],
        PlanValueKind.List => value.Items.SelectMany(Strings),
        _ => [],
    };

    /// <summary>
    /// The change's own values, after then before: its account hints (ARNs, ids, project) and the tags selected at
    /// <see cref="TagPaths"/>, ordered by top-level key as terraform writes them.
    /// </summary>
    private static void FromOwnValues(PlanChange change, List<IdentityEvidence> evidence)
    {
        foreach (var after in (ReadOnlySpan<bool>)[true, false])
        {
            var side = after ? "after" : "before";
            List<(string Key, IdentityEvidence Evidence)>? own = null;
            foreach (var hint in change.IdentityHints)
            {
                if (hint.Field.Length > side.Length && hint.Field.StartsWith(side, StringComparison.Ordinal) && hint.Field[side.Length] == '.'
                    && FromHint(hint) is { } e)
                {
                    (own ??= []).Add((hint.Field[(side.Length + 1)..], e));
                }
            }
            // Without account hints the tags go straight in: TagPaths are in key order already.
            var tagsInto = own is null ? null : new List<(string Key, IdentityEvidence Evidence)>();
            foreach (var path in TagPaths)
            {
                if (!change.Values.TryGet(path.Text, out var selected)) continue;
                foreach (var tags in after ? selected.After : selected.Before)
                {
                    if (tags.Kind != PlanValueKind.Map) continue;
                    foreach (var (tag, v) in tags.Properties)
                    {
                        if (v.Kind != PlanValueKind.String || v.RawText is not { } text) continue;
                        var tagEvidence = new IdentityEvidence(IdentityDimension.Tag, text, $"{side}.{path.Text}.{tag}", tag);
                        if (tagsInto is null) evidence.Add(tagEvidence);
                        else tagsInto.Add((path.Text, tagEvidence));
                    }
                }
            }
            if (own is null) continue;
            evidence.AddRange(own.Concat(tagsInto!).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Evidence));
        }
    }

    private static IdentityEvidence? FromHint(IdentityHint hint)
    {
        var value = hint.Value;
        var field = hint.Field;
        if (AwsAccountOfArn(value) is { } account) return new(IdentityDimension.AwsAccount, account, field);
        if (AzureSubscriptionOf(value) is { } subscription) return new(IdentityDimension.AzureSubscription, subscription, field);
        if (GcpProjectOf(field, value) is { } project) return new(IdentityDimension.GcpProject, project, field);
        return null;
    }

    private static void FromIdentity(PlanValue? identity, string side, List<IdentityEvidence> evidence)
    {
        if (identity is null) return;
        foreach (var (name, v) in identity.Properties)
        {
            if (v.RawText is not { } text) continue;
            switch (name)
            {
                case "account_id" when s_awsAccount.IsMatch(text): evidence.Add(new(IdentityDimension.AwsAccount, text, $"{side}.account_id")); break;
                case "project": evidence.Add(new(IdentityDimension.GcpProject, text, $"{side}.project")); break;
                case "subscription_id": evidence.Add(new(IdentityDimension.AzureSubscription, text, $"{side}.subscription_id")); break;
                case "arn" when AwsAccountOfArn(text) is { } account: evidence.Add(new(IdentityDimension.AwsAccount, account, $"{side}.arn")); break;
                case "id" when AzureSubscriptionOf(text) is { } sub: evidence.Add(new(IdentityDimension.AzureSubscription, sub, $"{side}.id")); break;
            }
        }
    }

    /// <summary><c>arn:partition:service:region:account:resource</c>: the account, when it is 12 digits (S3 bucket ARNs have none).</summary>
    public static string? AwsAccountOfArn(string value)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal)) return null;
        var parts = value.Split(':', 6);
        return parts.Length >= 6 && s_awsAccount.IsMatch(parts[4]) ? parts[4] : null;
    }

    /// <summary><c>/subscriptions/&lt;id&gt;/...</c>: the subscription id.</summary>
    public static string? AzureSubscriptionOf(string value)
    {
        if (!value.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = value["/subscriptions/".Length..];
        var end = rest.IndexOf('/');
        var id = end < 0 ? rest : rest[..end];
        return id.Length > 0 ? id : null;
    }

    /// <summary>A GCP project: the <c>project</c> field, or the <c>projects/&lt;p&gt;/</c> segment of an id or self link.</summary>
    public static string? GcpProjectOf(string field, string value)
    {
        if (field.EndsWith(".project", StringComparison.Ordinal)) return value.Length > 0 ? value : null;
        var at = value.IndexOf("projects/", StringComparison.Ordinal);
        if (at < 0 || (at > 0 && value[at - 1] != '/')) return null;
        var rest = value[(at + "projects/".Length)..];
        var end = rest.IndexOf('/');
        var project = end < 0 ? rest : rest[..end];
        return project.Length > 0 ? project : null;
    }
}
