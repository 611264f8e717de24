namespace PipelineGuard.Terraform;

/// <summary>
/// What a plan says beside its resource changes about where they go: the provider configurations
/// (with their expressions), which configuration each resource uses, the values passed into module
/// calls, the root variables and the identity data sources read into the prior state. Read only
/// when a check asks for it (<see cref="PlanProjection.ProviderContext"/>); terraform writes these
/// sections after <c>resource_changes</c>, so the reader keeps per change what it needs and the
/// checks resolve at the end.
/// </summary>
public sealed class PlanContext
{
    public static PlanContext Empty { get; } = new();

    /// <summary>By <c>provider_config_key</c> (<c>aws</c>, <c>aws.prod</c>, <c>module.net:aws</c>).</summary>
    public Dictionary<string, ProviderConfiguration> Providers { get; } = new(StringComparer.Ordinal);

    /// <summary>Configuration address (module path without instance keys, then type.name) to its <c>provider_config_key</c>.</summary>
    public Dictionary<string, string> ResourceProviders { get; } = new(StringComparer.Ordinal);

    /// <summary>Module path (<c>module.a.module.b</c>, no instance keys) to the expressions its call passes in.</summary>
    public Dictionary<string, PlanValue> ModuleCallExpressions { get; } = new(StringComparer.Ordinal);

    /// <summary>The plan's root <c>variables</c>: name to value.</summary>
    public Dictionary<string, PlanValue> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Data sources read into <c>prior_state</c> that tell an identity (aws_caller_identity, google_client_config, azurerm_client_config, ...), by address.</summary>
    public Dictionary<string, PlanValue> IdentityData { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the plan had a <c>configuration</c> section at all.</summary>
    public bool HasConfiguration { get; set; }

    /// <summary>The data source types whose prior-state values are kept.</summary>
    public static readonly IReadOnlySet<string> IdentityDataTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws_caller_identity", "aws_arn", "google_client_config", "google_project", "azurerm_client_config", "azurerm_subscription",
    };

    /// <summary>A module address from resource_changes (<c>module.a["x"].module.b[0]</c>) as configuration names it (<c>module.a.module.b</c>).</summary>
    public static string ConfigModulePath(string? moduleAddress)
    {
        if (string.IsNullOrEmpty(moduleAddress)) return "";
        if (moduleAddress.IndexOf('[') < 0) return moduleAddress;
        var sb = new System.Text.StringBuilder(moduleAddress.Length);
        var depth = 0;
        var inString = false;
        for (var i = 0; i < moduleAddress.Length; i++)
        {
            var c = moduleAddress[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"' && depth > 0) inString = true;
            else if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (depth == 0) sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>One <c>configuration.provider_config</c> entry.</summary>
public sealed record ProviderConfiguration(string Key, string Name, string? Alias, string? ModuleAddress, PlanValue? Expressions);
