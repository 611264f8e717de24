using System.Diagnostics;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Policy;

public class PolicyLoaderTests
{
    private const string Minimal = """
        version: 1
        rules:
          - id: no-destroy
            terraform: { actions: [delete] }
        """;

    [Fact]
    public void A_minimal_policy_loads_with_contract_defaults()
    {
        var policy = Build.Policy(Minimal);
        policy.Mode.ShouldBe(PolicyMode.Enforce);
        var rule = policy.Rules.Single();
        rule.Id.ShouldBe("no-destroy");
        rule.Enforcement.ShouldBe(Enforcement.Block);
        rule.Severity.ShouldBe(Severity.High);
        rule.When.IsEverywhere.ShouldBeTrue();
        rule.Check.ShouldBeOfType<TerraformCheck>().Actions.ShouldBe(["delete"]);
    }

    [Fact]
    public void Every_key_of_the_contract_example_is_parsed_into_typed_options()
    {
        var policy = Build.Policy("""
            version: 1
            mode: audit
            environments:
              production: [prod, production, "prod-*"]
            teams:
              dba: [alice, bob]
            rules:
              - id: no-destroy-stateful
                description: Stateful resources are never destroyed or replaced in production.
                severity: critical
                enforcement: warn
                when:
                  environments: [production]
                  services: [payments]
                  branches: ["main", "release/*"]
                terraform:
                  resource_types: ["aws_db_instance", "aws_rds_cluster", "aws_s3_bucket"]
                  actions: [delete, replace]
                override:
                  commit_tags: ["[emergency]"]
                  trailer: "Guard-Override"
                  approvals: { min: 2, teams: [dba], exclude_author: true }
                exceptions:
                  - targets: ["aws_s3_bucket.scratch_*", "db/migrations/V7__*.sql"]
                    reason: scratch data, recreated nightly
                    expires: 2027-01-31
            """);
        policy.Mode.ShouldBe(PolicyMode.Audit);
        policy.Environments["production"].IsMatch("prod-eu").ShouldBeTrue();
        policy.Teams["dba"].ShouldContain("alice");
        var rule = policy.Rules.Single();
        rule.Severity.ShouldBe(Severity.Critical);
        rule.Enforcement.ShouldBe(Enforcement.Warn);
        rule.When.Environments.ShouldBe(["production"]);
        rule.When.Services.IsMatch("payments").ShouldBeTrue();
        rule.When.Branches.IsMatch("release/1.2").ShouldBeTrue();
        rule.When.Branches.IsMatch("feature/x").ShouldBeFalse();
        rule.Override!.CommitTags.ShouldBe(["[emergency]"]);
        rule.Override.Trailer.ShouldBe("Guard-Override");
        var approvals = rule.Override.Approvals!;
        (approvals.Min, approvals.ExcludeAuthor).ShouldBe((2, true));
        approvals.Teams.ShouldBe(["dba"]);
        approvals.Users.ShouldBeEmpty();
        var exception = rule.Exceptions.Single();
        exception.Expires.ShouldBe(new NodaTime.LocalDate(2027, 1, 31));
        exception.Zone.ShouldBe(NodaTime.DateTimeZone.Utc);
        exception.Targets.IsMatch("aws_s3_bucket.scratch_tmp").ShouldBeTrue();
        exception.Targets.IsMatch("db/migrations/V7__drop.sql").ShouldBeTrue();
        exception.Reason.ShouldBe("scratch data, recreated nightly");
    }

    [Theory]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { actoins: [delete] }\n", 4, 18, "unknown key 'actoins' (did you mean 'actions'?)")]
    [InlineData("version: 1\nrules:\n  - id: a\n    enforcement: sometimes\n    terraform: {}\n", 4, 18, "'enforcement' must be one of block | warn | advisory")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { max_changes: many }\n", 4, 31, "'max_changes' must be a whole number")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { resource_types: [\"aws_[\"] }\n", 4, 35, "unclosed or empty character class")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { attributes: [{ path: x, matches: \"(\" }] }\n", 4, 51, "not a valid regular expression")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: {}\n    exceptions:\n      - targets: [x]\n        reason: r\n        expires: 2027-02-30\n", 8, 18, "must be a date written YYYY-MM-DD")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraforms: {}\n", 4, 5, "'terraforms' is not a check kind (did you mean 'terraform'?)")]
    [InlineData("version: 1\nrules:\n  - id: Bad_Id\n    terraform: {}\n", 3, 9, "must be lower-case letters")]
    [InlineData("version: 2\nrules: []\n", 1, 10, "version 2 is not known")]
    [InlineData("rules: []\n", 1, 1, "'version' is required")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: {}\n    exceptions:\n      - targets: [x]\n        expires: 2027-01-01\n", 6, 9, "'reason' is required")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { actions: [destroy] }\n", 4, 28, "unknown action 'destroy'")]
    [InlineData("version: 1\nrules:\n  - id: a\n    terraform: { attributes: [{ path: x, equals: 1, contains: 2 }] }\n", 4, 39, "takes one operator")]
    [InlineData("version: 1\nrules: [\n", 3, 1, "not valid YAML")]
    public void A_policy_error_names_file_line_and_column(string yaml, int line, int column, string message)
    {
        var errors = Build.PolicyErrors(yaml, "policies/team.yml");
        errors.ShouldContain(e => e.Message.Contains(message, StringComparison.Ordinal),
            $"errors were: {string.Join(" | ", errors)}");
        var error = errors.First(e => e.Message.Contains(message, StringComparison.Ordinal));
        error.Position.File.ShouldBe("policies/team.yml");
        error.Position.Line.ShouldBe(line);
        error.Position.Column.ShouldBe(column);
        error.ToString().ShouldStartWith($"policies/team.yml:{line}:{column}: ");
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var errors = Build.PolicyErrors("""
            version: 1
            rules:
              - id: a
                severity: extreme
                terraform: { bogus: 1 }
              - id: b
                enforcement: never
                terraform: {}
            """);
        errors.Count.ShouldBe(3);
    }

    [Fact]
    public void The_same_rule_id_in_two_files_is_an_error_naming_both_places()
    {
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([("a.yml", Minimal, false), ("b.yml", Minimal, false)]));
        var error = ex.Errors.Single();
        error.Position.File.ShouldBe("b.yml");
        error.Message.ShouldContain("already defined at a.yml:3:5");
    }

    [Fact]
    public void Two_check_kinds_in_one_rule_are_an_error()
    {
        var errors = Build.PolicyErrors("""
            version: 1
            rules:
              - id: a
                terraform: {}
                window: {}
            """);
        errors.ShouldContain(e => e.Message.Contains("exactly one check kind", StringComparison.Ordinal) || e.Message.Contains("unknown key 'window'", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_that_disagree_on_mode_are_an_error()
    {
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([
            ("a.yml", "version: 1\nmode: audit\nrules: []\n", false),
            ("b.yml", "version: 1\nmode: enforce\nrules: []\n", false)]));
        ex.Errors.Single().Message.ShouldContain("disagrees");
    }

    [Fact]
    public void Several_files_merge_their_rules_environments_and_teams()
    {
        var policy = PolicyLoader.LoadTexts([
            ("a.yml", "version: 1\nenvironments: { production: [prod] }\nteams: { dba: [alice] }\nrules:\n  - id: a\n    terraform: {}\n", false),
            ("b.yml", "version: 1\nenvironments: { production: [live] }\nteams: { dba: [bob] }\nrules:\n  - id: b\n    terraform: {}\n", false)]);
        policy.Rules.Select(r => r.Id).ShouldBe(["a", "b"]);
        policy.Environments["production"].IsMatch("live").ShouldBeTrue();
        policy.Environments["production"].IsMatch("prod").ShouldBeTrue();
        policy.Teams["dba"].Count.ShouldBe(2);
        policy.Sources.Count.ShouldBe(2);
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused_in_well_under_a_second()
    {
        var yaml = """
            version: 1
            a: &a ["x","x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
            rules: *i
            """;
        var watch = Stopwatch.StartNew();
        var errors = Build.PolicyErrors(yaml);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        errors.Single().Message.ShouldContain("alias bomb");
    }

    [Fact]
    public void Small_aliases_for_reuse_are_allowed()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: a
                when: &prod { environments: [production] }
                terraform: { actions: [delete] }
              - id: b
                when: *prod
                terraform: { actions: [replace] }
            """);
        policy.Rules[1].When.Environments.ShouldBe(["production"]);
    }

    [Fact]
    public void A_folder_loads_every_yaml_file_in_it_by_name()
    {
        var dir = Directory.CreateTempSubdirectory("pg-policies-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), "version: 1\nrules:\n  - id: b\n    terraform: {}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.yml"), "version: 1\nrules:\n  - id: a\n    terraform: {}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a policy");
            var policy = PolicyLoader.Load([dir.FullName]);
            policy.Rules.Select(r => r.Id).ShouldBe(["a", "b"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_policy_file_is_an_error_naming_it()
    {
        var ex = Should.Throw<PolicyLoadException>(() => PolicyLoader.Load(["does/not/exist.yml"]));
        ex.Errors.Single().ToString().ShouldBe("does/not/exist.yml:1:1: no such policy file or folder");
    }

    [Fact]
    public void The_built_in_default_policy_loads_and_matches_the_readable_copy_in_policies()
    {
        var builtIn = PolicyLoader.LoadBuiltIn();
        builtIn.Rules.Count.ShouldBeGreaterThan(5);
        PolicyLoader.BuiltInText().ShouldBe(File.ReadAllText(RepoPaths.InRepo("policies", "default", "default.yml")));
    }
}
