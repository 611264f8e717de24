namespace PipelineGuard.Terraform;

/// <summary>The actions terraform plans for one resource instance, as flags.</summary>
[Flags]
public enum PlanActions : byte
{
    None = 0,
    NoOp = 1,
    Create = 2,
    Read = 4,
    Update = 8,
    Delete = 16,
    Forget = 32,
}

/// <summary>One entry of <c>resource_changes</c> (or <c>resource_drift</c>), reduced to what rules read.</summary>
public sealed class PlanChange
{
    public required string Address { get; init; }
    public string? PreviousAddress { get; init; }
    /// <summary>e.g. <c>module.net</c> or <c>module.a["x"].module.b</c>; null for the root module.</summary>
    public string? ModuleAddress { get; init; }
    public required string Type { get; init; }
    public required string Name { get; init; }
    public bool IsData { get; init; }
    public string? Deposed { get; init; }
    public required PlanActions Actions { get; init; }
    public string? ActionReason { get; init; }
    public string? ProviderName { get; init; }
    public bool IsDrift { get; init; }
    public bool Importing { get; init; }
    /// <summary>1-based line in the plan file where this change's object starts.</summary>
    public int Line { get; init; }
    /// <summary>SHA-256 of the change's canonical JSON (<see cref="Inputs.CanonicalJson"/>) when the plan was read for an action-level approval.</summary>
    public byte[]? ContentSha256 { get; init; }
    /// <summary>The values at the paths the policy asked the reader to keep (empty when none were asked for this type).</summary>
    public AttributeValues Values { get; init; } = AttributeValues.Empty;
    /// <summary>The resource identity before and after the change (terraform 1.12+; null on create, or when not read).</summary>
    public PlanValue? BeforeIdentity { get; init; }
    public PlanValue? AfterIdentity { get; init; }

    /// <summary>What the change's own values say about where it lives (ARNs, Azure ids, GCP project, tags); read with the provider context.</summary>
    public IReadOnlyList<IdentityHint> IdentityHints { get; init; } = [];

    /// <summary>The resource's address in the configuration: module path without instance keys, then [data.]type.name.</summary>
    public string ConfigAddress
    {
        get
        {
            var module = PlanContext.ConfigModulePath(ModuleAddress);
            var local = (IsData ? "data." : "") + Type + "." + Name;
            return module.Length == 0 ? local : module + "." + local;
        }
    }

    /// <summary>delete and create together, in either order: the object is destroyed and made anew.</summary>
    public bool IsReplace => (Actions & (PlanActions.Delete | PlanActions.Create)) == (PlanActions.Delete | PlanActions.Create);

    /// <summary>The object is destroyed (alone or as part of a replace). Forget is not a destroy.</summary>
    public bool Destroys => (Actions & PlanActions.Delete) != 0;

    /// <summary>The word rules use: create, update, delete, replace, read, no-op, forget.</summary>
    public string ActionWord => PlanActionWords.Describe(Actions);
}

public static class PlanActionWords
{
    /// <summary>Whether a change's actions match a rule's action word.</summary>
    public static bool Matches(PlanActions actions, string word)
    {
        var replace = (actions & (PlanActions.Delete | PlanActions.Create)) == (PlanActions.Delete | PlanActions.Create);
        return word switch
        {
            "replace" => replace,
            "delete" => !replace && (actions & PlanActions.Delete) != 0,
            "create" => !replace && (actions & PlanActions.Create) != 0,
            "update" => (actions & PlanActions.Update) != 0,
            "read" => (actions & PlanActions.Read) != 0,
            "no-op" => (actions & PlanActions.NoOp) != 0,
            "forget" => (actions & PlanActions.Forget) != 0,
            _ => false,
        };
    }

    public static readonly IReadOnlyList<string> All = ["create", "update", "delete", "replace", "read", "no-op", "forget"];

    public static string Describe(PlanActions actions)
    {
        if ((actions & (PlanActions.Delete | PlanActions.Create)) == (PlanActions.Delete | PlanActions.Create)) return "replace";
        if ((actions & PlanActions.Forget) != 0)
        {
            return (actions & PlanActions.Create) != 0 ? "forget and create" : "forget";
        }
        if ((actions & PlanActions.Delete) != 0) return "delete";
        if ((actions & PlanActions.Create) != 0) return "create";
        if ((actions & PlanActions.Update) != 0) return "update";
        if ((actions & PlanActions.Read) != 0) return "read";
        return "no-op";
    }

    /// <summary>A past-tense phrase for messages: "would be deleted".</summary>
    public static string WouldBe(PlanActions actions) => Describe(actions) switch
    {
        "replace" => "would be destroyed and re-created (replace)",
        "delete" => "would be destroyed",
        "create" => "would be created",
        "update" => "would be updated in place",
        "read" => "would be read",
        "forget" => "would be removed from state without being destroyed (forget)",
        "forget and create" => "would be forgotten and created anew",
        _ => "has no changes",
    };
}

/// <summary>One value of a change that tells where the resource lives, and the field it came from (<c>after.arn</c>, <c>before.tags_all.env</c>).</summary>
public sealed record IdentityHint(string Field, string Value);
