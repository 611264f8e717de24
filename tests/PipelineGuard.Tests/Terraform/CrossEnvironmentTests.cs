using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

public class CrossEnvironmentTests
{
    private const string Environments = """
        version: 1
        environments:
          production:
            aliases: [prod]
            aws_accounts: ["111111111111"]
            gcp_projects: ["prod-*"]
            azure_subscriptions: ["00000000-0000-0000-0000-0000000000a1"]
            tags: { env: prod, environment: production }
          staging:
            aliases: [stage, stg]
            aws_accounts: ["222222222222"]
            gcp_projects: ["stg-*"]
            azure_subscriptions: ["00000000-0000-0000-0000-0000000000b2"]
            tags: { env: staging, environment: staging }
          development: [dev]
        rules:
          - id: xenv
            description: Writes stay in the deployed environment.
            severity: critical
            enforcement: block
            cross_environment: {}
        """;

    private static readonly PolicySet s_policy = Build.Policy(Environments);

    private static string FixtureText(string name) =>
        File.ReadAllText(RepoPaths.InRepo("tests", "PipelineGuard.Tests", "Fixtures", "cross-environment", name));

    private static TerraformPlan Fixture(string name, PolicySet? policy = null) => Build.Plan(FixtureText(name), policy ?? s_policy, name);

    private static IReadOnlyList<Finding> Run(string fixture, string? environment, PolicySet? policy = null) =>
        Build.Evaluate(policy ?? s_policy, new DeployContext { Environment = environment }, plans: Fixture(fixture, policy)).Findings;

    [Fact]
    public void A_staging_plan_whose_provider_assumes_a_role_in_the_production_account_blocks()
    {
        var finding = Run("aws-staging-assumes-production.json", "staging").ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Target.Address.ShouldBe("aws_s3_bucket.assets");
        finding.Message.ShouldContain("in environment 'production', but this plan is deployed to 'staging'");
        finding.Message.ShouldContain("AWS account 111111111111 (provider aws assume_role.role_arn = var.deploy_role_arn)");
    }

    [Fact]
    public void The_alias_that_provider_name_drops_is_found_through_provider_config_key()
    {
        // aws_sqs_queue.jobs uses aws.queues (allowed_account_ids = staging); provider_name says only hashicorp/aws.
        var plan = Fixture("aws-staging-assumes-production.json");
        var jobs = plan.Changes.Single(c => c.Address == "aws_sqs_queue.jobs");
        jobs.ProviderName.ShouldBe("registry.terraform.io/hashicorp/aws");
        var identity = IdentityResolver.Resolve(plan.Context, jobs);
        identity.ProviderKey.ShouldBe("aws.queues");
        identity.Evidence.Where(e => e.Dimension == IdentityDimension.AwsAccount).Select(e => e.Value).Distinct().ShouldBe(["222222222222"]);
        identity.Evidence.ShouldContain(e => e.Source == "before.arn" && e.Value == "222222222222");
    }

    [Fact]
    public void A_production_plan_touching_only_production_passes_and_the_same_plan_blocks_in_staging()
    {
        Run("aws-production-modules.json", "production").ShouldBeEmpty();
        Run("aws-production-modules.json", "prod").ShouldBeEmpty();
        var findings = Run("aws-production-modules.json", "staging");
        findings.Select(f => f.Target.Address).Order(StringComparer.Ordinal)
            .ShouldBe(["aws_iam_role.app", "module.db[\"orders\"].aws_db_instance.this"]);
        findings.ShouldAllBe(f => f.Outcome == Outcome.Block);
    }

    [Fact]
    public void A_module_provider_resolves_its_role_through_the_module_call_and_the_resource_identity_agrees()
    {
        var plan = Fixture("aws-production-modules.json");
        var db = plan.Changes.Single(c => c.Type == "aws_db_instance");
        var identity = IdentityResolver.Resolve(plan.Context, db);
        identity.ProviderKey.ShouldBe("module.db:aws");
        identity.Evidence.ShouldContain(e => e.Value == "111111111111" && e.Source == "provider aws in module.db assume_role.role_arn = var.role_arn of module.db");
        identity.Evidence.ShouldContain(e => e.Value == "111111111111" && e.Source == "before_identity.account_id");
        // An account in a policy document is not where the resource lives.
        var role = IdentityResolver.Resolve(plan.Context, plan.Changes.Single(c => c.Type == "aws_iam_role"));
        role.Evidence.ShouldNotContain(e => e.Value == "222222222222");
        role.Evidence.ShouldContain(e => e.Dimension == IdentityDimension.AwsAccount && e.Source == "provider aws allowed_account_ids = var.account_id");
        role.Evidence.ShouldContain(e => e.Dimension == IdentityDimension.Tag && e.TagKey == "env" && e.Value == "prod");
    }

    [Fact]
    public void References_through_root_variables_and_module_calls_resolve_and_a_deleted_resources_own_project_wins_over_the_provider()
    {
        var plan = Fixture("gcp-azure-staging.json");
        var bucket = IdentityResolver.Resolve(plan.Context, plan.Changes.Single(c => c.Type == "google_storage_bucket"));
        bucket.Evidence.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Value.ShouldBe("stg-shop"),
            e => e.Source.ShouldBe("provider google in module.storage project = var.gcp_project of module.storage = var.project"));
        var finding = Run("gcp-azure-staging.json", "staging").ShouldHaveSingleItem();
        finding.Target.Address.ShouldBe("google_pubsub_topic.orders");
        finding.Message.ShouldContain("GCP project prod-shop (before.project) belongs to production");
        finding.Message.ShouldContain("would be destroyed");
        // In production the Azure account and its staging tag, and the staging project, are all foreign.
        Run("gcp-azure-staging.json", "production").Select(f => f.Target.Address).Order(StringComparer.Ordinal)
            .ShouldBe(["azurerm_storage_account.reports", "module.storage.google_storage_bucket.media"]);
    }

    [Fact]
    public void Unknown_identities_give_one_indeterminate_finding_per_provider_never_a_pass()
    {
        var findings = Run("aws-unknown-account.json", "production");
        findings.Count.ShouldBe(2);
        findings.ShouldAllBe(f => f.Indeterminate && f.Outcome == Outcome.Warn);
        findings.ShouldContain(f => f.Message.Contains("provider 'aws'") && f.Message.Contains("local.role_arn"));
        findings.ShouldContain(f => f.Message.Contains("provider 'aws.audit'") && f.Message.Contains("not in the prior state"));
        var blocking = Build.Policy(Environments.Replace("cross_environment: {}", "cross_environment: { on_unknown: block }", StringComparison.Ordinal));
        Run("aws-unknown-account.json", "production", blocking).ShouldAllBe(f => f.Outcome == Outcome.Block);
    }

    [Fact]
    public void An_aws_caller_identity_read_into_the_prior_state_tells_the_account()
    {
        var json = FixtureText("aws-unknown-account.json").Replace("\"resources\": [] }", """
            "resources": [ { "address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current",
              "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
              "values": { "account_id": "222222222222", "arn": "arn:aws:sts::222222222222:assumed-role/ci/x", "id": "222222222222", "user_id": "AROAX:x" } } ] }
            """, StringComparison.Ordinal);
        var plan = Build.Plan(json, s_policy);
        var audit = IdentityResolver.Resolve(plan.Context, plan.Changes.Single(c => c.Address == "aws_s3_bucket.audit"));
        audit.Evidence.ShouldHaveSingleItem().Source.ShouldContain("data.aws_caller_identity.current.account_id (read into the prior state)");
        var findings = Build.Evaluate(s_policy, new DeployContext { Environment = "production" }, plans: plan).Findings;
        findings.ShouldContain(f => f.Target.Address == "aws_s3_bucket.audit" && f.Outcome == Outcome.Block && f.Message.Contains("belongs to staging"));
        findings.ShouldContain(f => f.Indeterminate && f.Message.Contains("provider 'aws'"));
    }

    [Fact]
    public void Without_the_deployed_environment_a_write_to_a_known_environment_is_indeterminate()
    {
        var finding = Run("aws-staging-assumes-production.json", null).ShouldHaveSingleItem();
        finding.Indeterminate.ShouldBeTrue();
        finding.Message.ShouldContain("which environment this plan is deployed to is not known");
    }

    [Fact]
    public void The_built_in_policy_flags_a_resource_tagged_for_another_environment_without_any_identities()
    {
        var policy = PolicyLoader.LoadBuiltIn();
        var json = Build.PlanJson(
            Build.Change("aws_s3_bucket.copied", """["create"]""", null, """{"bucket":"copied","tags":{"Environment":"staging"}}"""),
            Build.Change("aws_s3_bucket.own", """["create"]""", null, """{"bucket":"own","tags":{"Environment":"prod"}}"""));
        var findings = Build.Evaluate(policy, new DeployContext { Environment = "production" }, plans: Build.Plan(json, policy)).Findings
            .Where(f => f.RuleId == "cross-environment-write").ToList();
        var finding = findings.ShouldHaveSingleItem();
        finding.Target.Address.ShouldBe("aws_s3_bucket.copied");
        finding.Message.ShouldContain("tag Environment=staging (after.tags.Environment) belongs to staging");
        finding.Outcome.ShouldBe(Outcome.Block);
    }

    [Fact]
    public void The_provider_context_of_the_opentofu_aliasing_fixtures_is_read_after_the_changes()
    {
        var projection = new PlanProjection([], providerContext: true);
        var aliasing = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__provider-aliasing.json"), projection);
        aliasing.Context.ResourceProviders["module.child.module.grandchild.test_instance.test_alternate"].ShouldBe("test.backup");
        aliasing.Context.ResourceProviders["module.sibling.module.grandchild.test_instance.test_alternate"].ShouldBe("test");
        aliasing.Context.Providers["test.backup"].Alias.ShouldBe("backup");
        aliasing.Context.Providers["test.backup"].Expressions!.Properties["region"].Properties["constant_value"].RawText.ShouldBe("elsewhere");
        var change = aliasing.Changes.Single(c => c.Address == "module.child.module.grandchild.test_instance.test_alternate");
        IdentityResolver.ProviderKeyOf(aliasing.Context, change, "module.child.module.grandchild").ShouldBe("test.backup");

        var modules = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__modules.json"), projection);
        modules.Context.ModuleCallExpressions["module.module_test_foo"].Properties["test_var"].Properties["constant_value"].RawText.ShouldBe("baz");
        modules.Context.ResourceProviders["module.module_test_foo.test_instance.test[0]".Split('[')[0]].ShouldBe("module.module_test_foo:test");

        var nested = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__nested-modules.json"), projection);
        nested.Context.Providers.Keys.ShouldBe(["module.my_module.module.more:test"]);
        nested.Context.Providers.Values.Single().ModuleAddress.ShouldBe("module.my_module.module.more");
    }

    [Theory]
    [MemberData(nameof(PlanReaderTests.CorpusPlans), MemberType = typeof(PlanReaderTests))]
    public void Every_real_plan_reads_the_same_changes_with_the_provider_context(string relative)
    {
        var path = RepoPaths.InCorpus("terraform-plans", relative);
        TerraformPlan plain;
        try
        {
            plain = PlanReader.ReadFile(path, PlanProjection.None, relative);
        }
        catch (InputException)
        {
            Should.Throw<InputException>(() => PlanReader.ReadFile(path, new PlanProjection([], identities: true, providerContext: true), relative));
            return;
        }
        var full = PlanReader.ReadFile(path, new PlanProjection([], identities: true, providerContext: true), relative);
        full.Changes.Select(c => c.Address).ShouldBe(plain.Changes.Select(c => c.Address));
        foreach (var change in full.Changes) IdentityResolver.Resolve(full.Context, change).ShouldNotBeNull();
    }

    private const string AccountEvidencePlan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.12.1",
          "variables": { "deploy_role_arn": { "value": "arn:aws:iam::111111111111:role/deploy" } },
          "resource_changes": [
            {
              "address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": {
                "actions": ["update"],
                "before": { "arn": "arn:aws:sqs:eu-west-1:111111111111:jobs", "name": "jobs", "tags": { "env": "staging" } },
                "after": { "arn": "arn:aws:sqs:eu-west-1:111111111111:jobs", "name": "jobs", "tags": { "env": "staging" } },
                "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {},
                "before_identity": { "account_id": "111111111111", "region": "eu-west-1" },
                "after_identity": { "account_id": "111111111111", "region": "eu-west-1" }
              }
            }
          ],
          "configuration": {
            "provider_config": {
              "aws": { "name": "aws", "expressions": {
                "assume_role": [ { "role_arn": { "references": ["var.deploy_role_arn"] } } ],
                "default_tags": [ { "tags": { "constant_value": { "team": "shop" } } } ] } }
            },
            "root_module": {
              "resources": [ { "address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs", "provider_config_key": "aws" } ],
              "module_calls": { "net": { "source": "./net", "expressions": { "account": { "constant_value": "111111111111" } }, "module": {} } }
            }
          },
          "prior_state": {
            "format_version": "1.0",
            "values": { "root_module": { "resources": [
              { "address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current",
                "values": { "account_id": "111111111111", "arn": "arn:aws:iam::111111111111:user/ci" } }
            ] } }
          }
        }
        """;

    [Theory]
    [InlineData("production: { aliases: [prod], tags: { env: prod } }\n  staging: { aliases: [stage], tags: { env: staging } }", "{}")]
    [InlineData("production: { aliases: [prod], aws_accounts: [\"111111111111\"], tags: { env: prod } }\n  staging: { aliases: [stage], aws_accounts: [\"222222222222\"], tags: { env: staging } }", "{ identities: [tags] }")]
    public void A_cross_environment_rule_that_judges_only_tags_leaves_variables_prior_state_arns_and_identities_unread(string environments, string rule)
    {
        var policy = Build.Policy($"""
            version: 1
            environments:
              {environments}
            rules:
              - id: xenv
                description: Writes stay in the deployed environment.
                severity: critical
                enforcement: block
                cross_environment: {rule}
            """);
        var plan = Build.Plan(AccountEvidencePlan, policy);
        plan.Projection.AccountEvidence.ShouldBeFalse();
        plan.Context.Variables.ShouldBeEmpty();
        plan.Context.IdentityData.ShouldBeEmpty();
        plan.Context.ModuleCallExpressions.ShouldBeEmpty();
        plan.Context.Providers.Keys.ShouldBe(["aws"]);
        var jobs = plan.Changes.ShouldHaveSingleItem();
        jobs.IdentityHints.ShouldBeEmpty();
        jobs.BeforeIdentity.ShouldBeNull();
        jobs.AfterIdentity.ShouldBeNull();
        jobs.Values.TryGet("tags", out var tags).ShouldBeTrue();
        tags.After.ShouldHaveSingleItem().Properties["env"].RawText.ShouldBe("staging");
        tags.Before.ShouldHaveSingleItem().Properties["env"].RawText.ShouldBe("staging");
        jobs.Values.TryGet("arn", out _).ShouldBeFalse();

        var finding = Build.Evaluate(policy, new DeployContext { Environment = "production" }, plans: plan).Findings.ShouldHaveSingleItem();
        finding.Target.Address.ShouldBe("aws_sqs_queue.jobs");
        finding.Message.ShouldContain("tag env=staging (after.tags.env) belongs to staging");
        finding.Message.ShouldNotContain("AWS account");
    }

    [Fact]
    public void A_cross_environment_rule_that_judges_accounts_reads_variables_prior_state_arns_and_identities()
    {
        var plan = Build.Plan(AccountEvidencePlan, s_policy);
        plan.Projection.AccountEvidence.ShouldBeTrue();
        plan.Context.Variables.Keys.ShouldBe(["deploy_role_arn"]);
        plan.Context.IdentityData.Keys.ShouldBe(["data.aws_caller_identity.current"]);
        plan.Context.ModuleCallExpressions.Keys.ShouldBe(["module.net"]);
        var jobs = plan.Changes.ShouldHaveSingleItem();
        jobs.IdentityHints.Select(h => h.Field).ShouldBe(["after.arn", "before.arn"]);
        jobs.BeforeIdentity.ShouldNotBeNull();
        var finding = Build.Evaluate(s_policy, new DeployContext { Environment = "production" }, plans: plan).Findings.ShouldHaveSingleItem();
        finding.Message.ShouldContain("tag env=staging (after.tags.env) belongs to staging");
    }

    [Fact]
    public void The_list_form_of_environments_keeps_working_beside_the_map_form()
    {
        var policy = Build.Policy(Environments);
        policy.Environments["staging"].ToString().ShouldBe("stage, stg");
        policy.Environments["development"].ToString().ShouldBe("dev");
        policy.EnvironmentDeclarations["development"].DeclaresCloudIdentities.ShouldBeFalse();
        policy.EnvironmentDeclarations["production"].OwnsGcpProject("prod-shop").ShouldBeTrue();
        policy.EnvironmentDeclarations["production"].OwnsTag("ENV", "PROD").ShouldBeTrue();
        Build.PolicyErrors(Environments.Replace("aliases: [prod]", "aliases: [prod]\n    accounts: [x]", StringComparison.Ordinal))
            .ShouldContain(e => e.Message.Contains("accounts"));
    }
}
