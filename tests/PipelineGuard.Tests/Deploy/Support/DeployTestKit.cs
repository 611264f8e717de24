using NodaTime;
using PipelineGuard.Deploy.Clients;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Tests.Deploy.Support;

/// <summary>Parses a rule kind's YAML the way the policy loader hands it over, and builds facts.</summary>
public static class DeployTestKit
{
    /// <summary>
    /// Call options for loopback tests: one retry, tiny backoff. The timeout leaves room for a cold
    /// first request on a loaded machine; tests of timeouts set a few hundred ms themselves.
    /// </summary>
    public static ApiCallOptions FastCalls { get; } = new(TimeSpan.FromSeconds(5), 1, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    public static (ICheck Check, IReadOnlyList<PolicyError> Errors) Parse(CheckKindDefinition kind, string yaml, string file = "/policies/deploy.yml")
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var node = (YamlMappingNode)stream.Documents[0].RootNode;
        var context = new PolicyParseContext(file);
        var check = kind.Parse(new YamlMap(node, context, $"rule 'r' {kind.Info.Name}"), context);
        return (check, context.Errors);
    }

    public static ICheck ParseValid(CheckKindDefinition kind, string yaml, string file = "/policies/deploy.yml")
    {
        var (check, errors) = Parse(kind, yaml, file);
        if (errors.Count > 0) throw new InvalidOperationException("unexpected policy errors: " + string.Join("; ", errors));
        return check;
    }

    public static Instant At(string isoInstant) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(isoInstant).GetValueOrThrow();

    public static EvaluationFacts Facts(DeployContext? context = null, string now = "2026-11-24T10:00:00Z") =>
        new() { Now = At(now), Context = context ?? DeployContext.Empty };

    public static Dictionary<string, IReadOnlySet<string>> Teams(params (string Team, string[] Members)[] teams) =>
        teams.ToDictionary(t => t.Team, t => (IReadOnlySet<string>)new HashSet<string>(t.Members, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
