using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

public class TerraformCheckTests
{
    private static IReadOnlyList<Finding> Run(string rule, params string[] changes)
    {
        var policy = Build.Policy("version: 1\nrules:\n  - id: r\n" + rule);
        return Build.Evaluate(policy, plans: Build.Plan(Build.PlanJson(changes), policy)).Findings;
    }

    private static string Sg(string address, string ingress, string actions = """["create"]""", string unknown = "{}") =>
        Build.Change(address, actions, null, $$"""{"name":"x","ingress":{{ingress}}}""", afterUnknown: unknown);

    private const string OpenSsh = """
            terraform:
              resource_types: [aws_security_group]
              attributes:
                - path: ingress.*
                  where:
                    - { path: cidr_blocks.*, equals: 0.0.0.0/0 }
                    - { path: from_port, at_most: 22 }
                    - { path: to_port, at_least: 22 }
        """;

    [Fact]
    public void Port_and_source_are_judged_on_the_same_ingress_block()
    {
        // SSH from the VPN and HTTPS from the world: no block opens SSH to the world.
        var mixed = Sg("aws_security_group.a", """[{"cidr_blocks":["10.0.0.0/8"],"from_port":22,"to_port":22},{"cidr_blocks":["0.0.0.0/0"],"from_port":443,"to_port":443}]""");
        Run(OpenSsh, mixed).ShouldBeEmpty();
        var open = Sg("aws_security_group.b", """[{"cidr_blocks":["0.0.0.0/0"],"from_port":20,"to_port":25}]""");
        var finding = Run(OpenSsh, open).Single();
        finding.Target.Address.ShouldBe("aws_security_group.b");
        finding.Message.ShouldContain("ingress.* item 0");
    }

    [Fact]
    public void A_value_known_only_after_apply_gives_an_indeterminate_warning_not_a_match()
    {
        var unknown = Sg("aws_security_group.c", """[{"cidr_blocks":null,"from_port":22,"to_port":22}]""", unknown: """{"ingress":[{"cidr_blocks":true}]}""");
        var finding = Run(OpenSsh, unknown).Single();
        finding.Indeterminate.ShouldBeTrue();
        finding.Outcome.ShouldBe(Outcome.Warn);
        finding.Message.ShouldContain("cannot be decided before apply");
    }

    [Fact]
    public void On_unknown_block_makes_indeterminate_findings_block_and_ignore_drops_them()
    {
        var unknown = Sg("aws_security_group.c", """[{"cidr_blocks":null,"from_port":22,"to_port":22}]""", unknown: """{"ingress":[{"cidr_blocks":true}]}""");
        Run(OpenSsh.Replace("terraform:\n", "terraform:\n      on_unknown: block\n", StringComparison.Ordinal), unknown).Single().Outcome.ShouldBe(Outcome.Block);
        Run(OpenSsh.Replace("terraform:\n", "terraform:\n      on_unknown: ignore\n", StringComparison.Ordinal), unknown).ShouldBeEmpty();
    }

    [Fact]
    public void A_known_match_beside_an_unknown_value_is_a_match()
    {
        var both = Sg("aws_security_group.d", """[{"cidr_blocks":null,"from_port":22,"to_port":22},{"cidr_blocks":["0.0.0.0/0"],"from_port":22,"to_port":22}]""",
            unknown: """{"ingress":[{"cidr_blocks":true},{}]}""");
        var finding = Run(OpenSsh, both).Single();
        finding.Indeterminate.ShouldBeFalse();
        finding.Outcome.ShouldBe(Outcome.Block);
    }

    [Theory]
    [InlineData("{ path: engine, equals: postgres }", true)]
    [InlineData("{ path: engine, equals: mysql }", false)]
    [InlineData("{ path: engine, not_equals: mysql }", true)]
    [InlineData("{ path: engine_version, equals: 16.30 }", false)]
    [InlineData("{ path: allocated_storage, equals: 100.0 }", true)]
    [InlineData("{ path: tags.team, contains: pay }", true)]
    [InlineData("{ path: security_groups, contains: sg-2 }", true)]
    [InlineData("{ path: security_groups.*, equals: sg-3 }", false)]
    [InlineData("{ path: tags, contains: team }", true)]
    [InlineData("{ path: identifier, matches: \"^orders-(prod|live)$\" }", true)]
    [InlineData("{ path: kms_key_id, exists: true }", false)]
    [InlineData("{ path: kms_key_id, absent: true }", true)]
    [InlineData("{ path: multi_az, equals: false }", true)]
    [InlineData("{ path: engine, in: [mysql, postgres] }", true)]
    [InlineData("{ path: allocated_storage, at_least: 101 }", false)]
    [InlineData("{ path: allocated_storage, at_most: 100 }", true)]
    [InlineData("{ path: instance_class, changed_from: db.r5.large }", true)]
    [InlineData("{ path: instance_class, changed_to: db.r6g.large }", true)]
    [InlineData("{ path: engine, changed_to: postgres }", false)]
    [InlineData("{ path: multi_az, changed_from: true }", true)]
    public void Every_attribute_operator_of_the_contract_judges_planned_values(string condition, bool matches)
    {
        var change = Build.Change("aws_db_instance.orders", """["update"]""",
            """{"engine":"postgres","identifier":"orders-prod","instance_class":"db.r5.large","multi_az":true,"allocated_storage":100,"tags":{"team":"payments"},"security_groups":["sg-1","sg-2"]}""",
            """{"engine":"postgres","identifier":"orders-prod","instance_class":"db.r6g.large","multi_az":false,"allocated_storage":100,"kms_key_id":null,"tags":{"team":"payments"},"security_groups":["sg-1","sg-2"]}""");
        var findings = Run($"    terraform:\n      attributes: [{condition}]\n", change);
        (findings.Count == 1).ShouldBe(matches);
    }

    [Fact]
    public void Attribute_conditions_do_not_judge_a_destroyed_object()
    {
        var delete = Build.Change("aws_db_instance.a", """["delete"]""", """{"deletion_protection":false}""", null);
        Run("    terraform:\n      attributes: [{ path: deletion_protection, absent: true }]\n", delete).ShouldBeEmpty();
    }

    [Fact]
    public void Json_encoded_policy_documents_are_searched_with_the_json_step()
    {
        var policyDoc = """{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"*\"],\"Resource\":\"*\"}]}""";
        var change = Build.Change("aws_iam_policy.admin", """["create"]""", null, $$"""{"policy":"{{policyDoc}}"}""");
        var rule = """
                terraform:
                  attributes:
                    - path: policy.@json.Statement.*
                      where:
                        - { path: Effect, equals: Allow }
                        - { path: Action.*, equals: "*" }
            """;
        Run(rule, change).Single().Message.ShouldContain("Action.* equals \"*\"");
    }

    [Fact]
    public void Max_changes_trips_only_when_more_changes_than_allowed_match()
    {
        var rule = "    terraform:\n      actions: [delete]\n      max_changes: 2\n";
        var deletes = Enumerable.Range(0, 3).Select(i => Build.Change($"aws_instance.i{i}", """["delete"]""", "{}", null)).ToArray();
        Run(rule, deletes[..2]).ShouldBeEmpty();
        var finding = Run(rule, deletes).Single();
        finding.Target.Kind.ShouldBe(TargetKinds.TerraformPlan);
        finding.Message.ShouldStartWith("3 resource changes match, more than the 2 allowed");
    }

    [Fact]
    public void Module_globs_select_resources_by_module_address_and_root_selects_the_root_module()
    {
        var inModule = Build.Change("module.db.aws_db_instance.a", """["delete"]""", "{}", null, module: "module.db");
        var inRoot = Build.Change("aws_db_instance.b", """["delete"]""", "{}", null);
        Run("    terraform: { modules: [\"module.db\"] }\n", inModule, inRoot).Single().Target.Address.ShouldBe("module.db.aws_db_instance.a");
        Run("    terraform: { modules: [root] }\n", inModule, inRoot).Single().Target.Address.ShouldBe("aws_db_instance.b");
    }

    [Fact]
    public void Resource_type_globs_select_types()
    {
        var changes = new[]
        {
            Build.Change("aws_db_instance.a", """["delete"]""", "{}", null),
            Build.Change("aws_dynamodb_table.b", """["delete"]""", "{}", null),
            Build.Change("aws_instance.c", """["delete"]""", "{}", null),
        };
        Run("    terraform: { resource_types: [\"aws_d*\"] }\n", changes).Select(f => f.Target.Address).ShouldBe(["aws_db_instance.a", "aws_dynamodb_table.b"], ignoreOrder: true);
    }

    [Fact]
    public void Sensitive_values_never_reach_a_finding_message()
    {
        var change = Build.Change("aws_db_instance.a", """["create"]""", null, """{"password":"hunter2-secret"}""", afterSensitive: """{"password":true}""");
        var finding = Run("    terraform:\n      attributes: [{ path: password, not_equals: changeme }]\n", change).Single();
        finding.Message.ShouldNotContain("hunter2-secret");
        finding.Message.ShouldContain("(sensitive)");
    }
}
