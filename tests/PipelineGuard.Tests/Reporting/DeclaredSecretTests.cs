using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Engine;
using PipelineGuard.Reporting;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Reporting;

/// <summary>
/// Redaction reads the secret variables a policy's checks declare: every incident source kind's token variables
/// (its defaults and its token_env) are cut out of every report, with no list to keep in step (issue 14).
/// </summary>
public sealed class DeclaredSecretTests
{
    public static TheoryData<string> Kinds() => [.. IncidentSourceKinds.All.Keys];

    private static string Policy(IncidentSourceKind kind) =>
        "version: 1\nrules:\n  - id: incidents\n    severity: high\n    enforcement: block\n    incident:\n"
        + string.Concat(kind.Example.Split('\n').Select(line => "      " + line + "\n"));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_source_kinds_declared_token_value_never_appears_in_a_report(string name)
    {
        var kind = IncidentSourceKinds.All[name];
        var policy = PolicyLoader.LoadTexts([("policy.yml", Policy(kind), false)]);
        var check = (IncidentCheck)policy.Rules.ShouldHaveSingleItem().Check;
        var declared = policy.Rules[0].SecretVariables.ToList();
        declared.ShouldBe(check.Options.Source.TokenVariables);
        kind.DefaultTokenVariables.ShouldBeSubsetOf(declared);
        if (check.Options.Source.TokenEnv is { } tokenEnv) declared.ShouldContain(tokenEnv);

        // A hostile server echoes each token into its error; the run's redaction must cut every one out.
        var env = declared.ToDictionary(v => v, v => (string?)$"planted-{v}-7c1e9a", StringComparer.Ordinal);
        env["GITHUB_ACTIONS"] = "true";
        env["TF_BUILD"] = "True";
        var echoed = string.Join(" ", declared.Select(v => env[v]));
        var facts = Facts() with { IncidentSources = new Dictionary<string, IncidentSourceResult> { [check.FetchKey] = IncidentSourceResult.Failed("GET https://x.example/: echo " + echoed) } };
        var redaction = SecretRedaction.For(policy, env);
        var evaluation = redaction.Apply(PolicyEvaluator.Evaluate(policy, facts));

        var paths = new RepositoryPaths(Path.GetTempPath(), Path.GetTempPath());
        var reports = new Dictionary<string, string>
        {
            ["json"] = JsonReport.ToJson(evaluation),
            ["sarif"] = SarifReport.ToJson(evaluation, paths),
            ["junit"] = JUnitReport.ToXml(evaluation, paths),
            ["markdown"] = MarkdownReport.Render(evaluation, paths),
        };
        foreach (var variable in declared)
        {
            var secret = env[variable]!;
            redaction.Secrets.ShouldContain(secret);
            // The platform's own tokens were masked on GitHub before the policy was read.
            if (!GitHubActionsReport.TokenVariables.Contains(variable)) redaction.MaskCommands(env).ShouldContain("::add-mask::" + secret);
            redaction.MaskCommands(env).ShouldContain("##vso[task.setsecret]" + secret);
            foreach (var (report, text) in reports) text.ShouldNotContain(secret, Case.Insensitive, $"{report} leaks {variable}");
        }
        if (check.Options.Source.IsFetched) evaluation.Findings.ShouldHaveSingleItem().Message.ShouldContain("could not be read: GET https://x.example/: echo");
    }
}
