using System.Text;
using NodaTime;
using PipelineGuard.Engine;
using PipelineGuard.Terraform;

namespace PipelineGuard.Tests.Support;

/// <summary>Small builders for policies, plans and facts from inline text.</summary>
public static class Build
{
    public static readonly Instant Noon = Instant.FromUtc(2026, 11, 21, 12, 0);

    public static PolicySet Policy(string yaml, string name = "test-policy.yml") =>
        PolicyLoader.LoadTexts([(name, yaml, false)]);

    public static IReadOnlyList<PolicyError> PolicyErrors(string yaml, string name = "test-policy.yml")
    {
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([(name, yaml, false)]));
        return ex.Errors;
    }

    public static TerraformPlan Plan(string json, PolicySet? policy = null, string file = "plan.json") =>
        PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), file, ProjectionOf(policy));

    public static PlanProjection ProjectionOf(PolicySet? policy) =>
        policy is null ? PlanProjection.None
            : TerraformCheck.ProjectionOf(policy);

    public static Evaluation Evaluate(PolicySet policy, DeployContext? context = null, Instant? now = null, PolicyMode? mode = null, params TerraformPlan[] plans) =>
        PolicyEvaluator.Evaluate(policy, new EvaluationFacts
        {
            Now = now ?? Noon,
            Context = context ?? DeployContext.Empty,
        }.WithPlans(plans), mode);

    /// <summary>A plan JSON with the given resource_changes items (each a JSON object text).</summary>
    public static string PlanJson(params string[] changes) =>
        "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"resource_changes\":[" + string.Join(",", changes) + "]}";

    /// <summary>One resource_changes item.</summary>
    public static string Change(string address, string actions, string? before = null, string? after = null,
        string afterUnknown = "{}", string afterSensitive = "{}", string beforeSensitive = "{}", string? module = null)
    {
        var dot = address.LastIndexOf('.');
        var head = address[..dot];
        var type = head.Contains('.') ? head[(head.LastIndexOf('.') + 1)..] : head;
        var name = address[(dot + 1)..].Split('[')[0];
        var moduleJson = module is null ? "" : $"\"module_address\":\"{module}\",";
        return $"{{\"address\":\"{address.Replace("\"", "\\\"")}\",{moduleJson}\"mode\":\"managed\",\"type\":\"{type}\",\"name\":\"{name}\"," +
               $"\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{{\"actions\":{actions}," +
               $"\"before\":{before ?? "null"},\"after\":{after ?? "null"},\"after_unknown\":{afterUnknown}," +
               $"\"before_sensitive\":{beforeSensitive},\"after_sensitive\":{afterSensitive}}}}}";
    }
}
