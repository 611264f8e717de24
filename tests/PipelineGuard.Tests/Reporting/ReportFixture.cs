using PipelineGuard.Engine;
using PipelineGuard.Reporting;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reporting;

/// <summary>
/// One evaluation with every kind of finding the reporters must render: a block on a resource whose
/// .tf block is known, a block on a deleted resource (plan only), a warning inside a module, a waived
/// advisory, a file-less deployment block, and a rule out of scope.
/// </summary>
public static class ReportFixture
{
    public const string PolicyFile = "policies/guard.yml";
    public const string PlanFile = "infra/plan.json";
    public const string SensitiveValue = "hunter2-never-print-me";

    public const string PolicyYaml = """
        version: 1
        rules:
          - id: no-destroy-db
            description: Databases are not destroyed.
            severity: critical
            enforcement: block
            terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
            override: { trailer: Guard-Override }
          - id: ecs-review
            description: "ECS service changes | get a second look."
            severity: medium
            enforcement: warn
            terraform: { resource_types: [aws_ecs_service], actions: [update] }
          - id: sg-changes
            description: Security group changes are noted.
            severity: low
            enforcement: advisory
            terraform: { resource_types: [aws_security_group], actions: [update] }
            exceptions:
              - targets: ["aws_security_group.bastion"]
                reason: reviewed in CHG-7
                expires: 2027-06-01
          - id: deploy-freeze
            description: No deploys during the freeze.
            severity: high
            enforcement: block
            terraform: { resource_types: [none_such], actions: [delete] }
          - id: staging-only
            description: Only for staging.
            severity: low
            enforcement: block
            when: { environments: [staging] }
            terraform: { resource_types: [aws_instance] }
        """;

    public static readonly string PlanJson = Build.PlanJson(
        Build.Change("aws_db_instance.main", """["delete","create"]""", $$"""{"id":"db","password":"{{SensitiveValue}}"}""", """{"engine":"postgres"}""", beforeSensitive: """{"password":true}"""),
        Build.Change("aws_db_instance.orders", """["delete"]""", """{"id":"orders"}"""),
        Build.Change("module.api.aws_ecs_service.api", """["update"]""", """{"desired_count":2}""", """{"desired_count":4}""", module: "module.api"),
        Build.Change("aws_security_group.bastion", """["update"]""", """{"name":"a"}""", """{"name":"b"}"""));

    public static readonly IReadOnlyList<(string, string)> TfFiles =
    [
        ("infra/main.tf", "terraform {}\n\nresource \"aws_db_instance\" \"main\" {\n  engine = \"postgres\"\n}\n\nmodule \"api\" {\n  source = \"./modules/api\"\n}\n\nresource \"aws_security_group\" \"bastion\" {\n}\n"),
        ("infra/modules/api/main.tf", "resource \"aws_ecs_service\" \"api\" {\n  name = \"api\"\n}\n"),
    ];

    public static Evaluation Evaluate(PolicyMode? mode = null, bool withDeploymentFinding = true)
    {
        var policy = Build.Policy(PolicyYaml, PolicyFile);
        var plan = Build.Plan(PlanJson, policy, PlanFile);
        var evaluation = PolicyEvaluator.Evaluate(policy, new EvaluationFacts
        {
            Now = Build.Noon,
            Context = new DeployContext { Environment = "production", Commit = new CommitInfo { Sha = "abc123", Message = "Retire the orders database" } },
            Inputs = [new InputFile(PlanFile, "plan", new string('a', 64))],
        }.WithPlans([plan], TerraformSourceIndex.FromFiles(TfFiles)), mode);
        if (!withDeploymentFinding) return evaluation;
        var freeze = new Finding("deploy-freeze", Severity.High, Enforcement.Block,
            "The deploy at 2026-11-21T12:00Z is inside the freeze FRZ-1", Target.Deployment, "Wait for the freeze to end.",
            PolicyEvaluator.Fingerprint("deploy-freeze", "FRZ-1"));
        return evaluation with { Findings = [freeze, .. evaluation.Findings], Decision = Decision.Block };
    }

    public static RepositoryPaths Paths(string root) => new(root, root);
}
