using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>The policy's environments with what each owns (accounts, projects, subscriptions, tags, databases); set by the engine from the policy.</summary>
public sealed record DeclaredEnvironments(IReadOnlyDictionary<string, EnvironmentDeclaration> ByName) : IFactPart<DeclaredEnvironments>
{
    public static DeclaredEnvironments None { get; } = new(new Dictionary<string, EnvironmentDeclaration>(StringComparer.OrdinalIgnoreCase));
}

/// <summary>The coding agent markers (built-in plus the policy's) as a part of the facts; set by the engine from the policy.</summary>
public sealed partial class AgentMarkers : IFactPart<AgentMarkers>
{
    static AgentMarkers IFactPart<AgentMarkers>.None => BuiltIn;
}

/// <summary>Reads the policy-given parts as properties, so checks say <c>facts.Environments</c> and <c>facts.Agents</c>.</summary>
public static class PolicyFactsAccess
{
    extension(EvaluationFacts facts)
    {
        public IReadOnlyDictionary<string, EnvironmentDeclaration> Environments => facts.Get<DeclaredEnvironments>().ByName;

        public AgentMarkers Agents => facts.Get<AgentMarkers>();
    }
}
