using PipelineGuard.Model;

namespace PipelineGuard.Policy;

/// <summary>
/// One rule's check: the typed options parsed from the policy and their pure evaluation.
/// Implementations never read files, the network or the clock: everything comes from <see cref="EvaluationFacts"/>.
/// </summary>
public interface ICheck
{
    /// <summary>The check kind this is an instance of (its name and documentation).</summary>
    CheckKindInfo Kind { get; }

    /// <summary>The violations these facts give. Empty when the check holds.</summary>
    IEnumerable<Violation> Evaluate(EvaluationFacts facts);

    /// <summary>The environment variables whose values this check reads as secrets (tokens, webhook URLs); their values are cut out of every report.</summary>
    IReadOnlyList<string> SecretVariables => [];
}

/// <summary>The documentation of a check kind, printed by <c>explain</c> and the policy reference.</summary>
/// <param name="Name">The policy key, e.g. <c>terraform</c>.</param>
/// <param name="Summary">One line: what it checks.</param>
/// <param name="Rationale">Why a team wants this check.</param>
/// <param name="Remediation">What to do when it trips, in general.</param>
/// <param name="Keys">Each option key with a one-line description.</param>
/// <param name="Example">A YAML rule using it.</param>
public sealed record CheckKindInfo(
    string Name,
    string Summary,
    string Rationale,
    string Remediation,
    IReadOnlyList<(string Key, string Meaning)> Keys,
    string Example);

/// <summary>A check kind: its documentation and the parser of its options.</summary>
public sealed record CheckKindDefinition(CheckKindInfo Info, Func<YamlMap, PolicyParseContext, ICheck> Parse);
