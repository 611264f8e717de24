using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

/// <summary>The built-in default policy on real plans, with verdicts derived by reading each plan by hand.</summary>
public class DefaultPolicyOnCorpusTests
{
    private static IReadOnlyList<Finding> Check(string relative, string environment = "production")
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var plan = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", relative), Build.ProjectionOf(policy), relative);
        return Build.Evaluate(policy, new DeployContext { Environment = environment }, plans: plan).Findings;
    }

    [Fact]
    public void Deleting_a_bucket_in_production_is_blocked_and_creating_or_updating_one_is_not()
    {
        // policy-engine/resource-changes.json: buckets created, deleted, left alone and updated.
        var finding = Check("policy-engine/resource-changes.json").Single();
        (finding.RuleId, finding.Outcome, finding.Target.Address).ShouldBe(("no-destroy-stateful", Outcome.Block, "aws_s3_bucket.delete_bucket"));
    }

    [Fact]
    public void The_same_bucket_delete_in_staging_passes()
    {
        Check("policy-engine/resource-changes.json", "staging").ShouldBeEmpty();
    }

    [Fact]
    public void Ssh_open_to_the_world_is_blocked_but_https_and_internal_ssh_are_not()
    {
        // regula ingress_anywhere_ssh: invalid_sg_1 opens 22, invalid_sg_2 opens 20-25 (so 22); valid ones open 443 or SSH from 10.10/16.
        var findings = Check("regula/aws__security_group__ingress_anywhere_ssh_infra.json");
        findings.Select(f => f.Target.Address).ShouldBe(["aws_security_group.invalid_sg_1", "aws_security_group.invalid_sg_2"], ignoreOrder: true);
        findings.ShouldAllBe(f => f.RuleId == "no-world-open-admin-ports" && f.Outcome == Outcome.Block);
    }

    [Fact]
    public void Iam_policies_allowing_every_action_are_blocked_and_a_deny_star_is_not()
    {
        // regula admin_policy: four "Allow *" policies (group, managed, role, user), one "Deny *", three ec2:Describe*.
        var findings = Check("regula/aws__iam__admin_policy_infra.json");
        findings.Select(f => f.Target.Address).ShouldBe(
        [
            "aws_iam_group_policy.invalid_group_policy", "aws_iam_policy.invalid_policy",
            "aws_iam_role_policy.invalid_role_policy", "aws_iam_user_policy.invalid_user_policy",
        ], ignoreOrder: true);
    }

    [Fact]
    public void A_bucket_policy_allowing_every_action_is_blocked()
    {
        // regula bucketpolicy_allowlist: allowget-policy allows "*"; denylist-policy denies "*"; allowlist allows s3:ListBucket.
        Check("regula/aws__s3__bucketpolicy_allowlist_infra.json").Single().Target.Address.ShouldBe("aws_s3_bucket_policy.allowget-policy");
    }

    [Fact]
    public void Azure_network_rules_open_to_the_internet_on_admin_ports_are_blocked()
    {
        var findings = Check("regula/azurerm__network__security_group_no_inbound_22_infra.json");
        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.RuleId == "no-world-open-admin-ports");
    }

    [Fact]
    public void A_database_created_without_a_final_snapshot_in_production_is_blocked()
    {
        // checkov/plan.json: aws_db_instance.default has skip_final_snapshot = true; web-node opens 22 to the world.
        var findings = Check("checkov/plan.json");
        findings.ShouldContain(f => f.RuleId == "final-snapshot-skipped" && f.Target.Address == "aws_db_instance.default");
        findings.ShouldContain(f => f.RuleId == "no-world-open-admin-ports" && f.Target.Address == "aws_security_group.web-node");
    }

    [Fact]
    public void A_plan_without_risky_changes_passes()
    {
        Check("opentofu/show-json__basic-create.json").ShouldBeEmpty();
        Check("trivy/plan_no_resource_changes.json").ShouldBeEmpty();
    }
}
