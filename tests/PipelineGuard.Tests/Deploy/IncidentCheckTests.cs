using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Incidents.Sources;
using static PipelineGuard.Tests.Deploy.Support.DeployTestKit;

namespace PipelineGuard.Tests.Deploy;

public class IncidentCheckTests
{
    private static IncidentCheck Check(string yaml) => (IncidentCheck)ParseValid(IncidentCheck.Definition, yaml);

    private static EvaluationFacts WithSource(IncidentCheck check, IncidentSourceResult result, string? service = "payments") =>
        Facts(new DeployContext { Service = service }) with
        {
            IncidentSources = new Dictionary<string, IncidentSourceResult> { [check.FetchKey] = result },
        };

    private static Incident Incident(string id, string impact, params string[] services) => new(id, impact, "investigating", services) { Title = "Checkout down" };

    [Fact]
    public void A_major_incident_on_the_deployed_service_blocks_and_names_the_incident()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example");
        var violation = check.Evaluate(WithSource(check, IncidentSourceResult.Read([Incident("INC-42", "major", "payments")]))).ShouldHaveSingleItem();
        violation.Message.ShouldBe("Open major incident INC-42 (investigating) affecting payments: Checkout down.");
        violation.Enforcement.ShouldBeNull();
        violation.Target.ShouldBe(Target.Deployment);
    }

    [Fact]
    public void With_no_service_known_minor_incidents_do_not_block_by_default_but_major_ones_on_any_service_do()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example");
        check.Evaluate(WithSource(check, IncidentSourceResult.Read([Incident("a", "minor", "payments"), Incident("b", "critical", "search")]), service: null))
            .ShouldHaveSingleItem().Subject.ShouldBe("incident:b");
    }

    [Fact]
    public void An_incident_naming_no_service_counts_even_when_services_are_named()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example\nservices: [payments]");
        check.Evaluate(WithSource(check, IncidentSourceResult.Read([Incident("page-wide", "critical"), Incident("other", "critical", "search")])))
            .ShouldHaveSingleItem().Subject.ShouldBe("incident:page-wide");
    }

    [Fact]
    public void The_services_key_chooses_which_incidents_count_by_glob_and_block_on_chooses_impacts()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example\nservices: [\"Payments*\"]\nblock_on: [minor]");
        var violations = check.Evaluate(WithSource(check, IncidentSourceResult.Read([
            Incident("a", "minor", "Payments API"), Incident("b", "major", "Payments API"), Incident("c", "minor", "Search")]), service: null)).ToList();
        violations.ShouldHaveSingleItem().Subject.ShouldBe("incident:a");
    }

    [Fact]
    public void An_unreadable_source_blocks_by_default_and_names_the_source_and_the_error()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example");
        var violation = check.Evaluate(WithSource(check, IncidentSourceResult.Failed("GET https://status.acme.example/api/v2/summary.json: HTTP 503 Service Unavailable"))).ShouldHaveSingleItem();
        violation.Message.ShouldBe("Incident source statuspage https://status.acme.example/ could not be read: GET https://status.acme.example/api/v2/summary.json: HTTP 503 Service Unavailable.");
        violation.Enforcement.ShouldBeNull();
    }

    [Fact]
    public void With_on_error_allow_an_unreadable_source_is_a_warning_not_a_silent_pass()
    {
        var check = Check("source: statuspage\nurl: https://status.acme.example\non_error: allow");
        check.Evaluate(WithSource(check, IncidentSourceResult.Failed("timeout"))).ShouldHaveSingleItem().Enforcement.ShouldBe(Enforcement.Warn);
    }

    [Fact]
    public void A_source_that_was_never_fetched_is_an_error_too()
    {
        var check = Check("source: pagerduty\ntoken_env: PD_TOKEN");
        check.Evaluate(Facts()).ShouldHaveSingleItem().Message.ShouldContain("it was not fetched before evaluation");
    }

    [Fact]
    public void Without_a_source_the_context_files_incidents_are_judged()
    {
        var check = Check("block_on: [critical]");
        var facts = Facts(new DeployContext { Service = "payments", Incidents = [Incident("INC-1", "critical", "payments"), Incident("INC-2", "major", "payments")] });
        check.Evaluate(facts).ShouldHaveSingleItem().Subject.ShouldBe("incident:INC-1");
    }

    [Fact]
    public void A_relative_file_path_resolves_against_the_policy_files_folder()
    {
        var check = (IncidentCheck)ParseValid(IncidentCheck.Definition, "source: file\npath: ../ops/incidents.json", "/repo/policies/deploy.yml");
        check.Options.Source.ShouldBeOfType<FileIncidentSource>().Path.ShouldBe(Path.GetFullPath("/repo/ops/incidents.json"));
    }

    [Fact]
    public void Two_rules_naming_the_same_source_share_its_identity_and_different_labels_do_not()
    {
        Check("source: github-issues\nrepository: acme/ops\nlabels: [incident]").Options.Source.Identity
            .ShouldBe(Check("source: github-issues\nrepository: acme/ops").Options.Source.Identity);
        Check("source: github-issues\nrepository: acme/ops\nlabels: [sev1]").Options.Source.Identity
            .ShouldNotBe(Check("source: github-issues\nrepository: acme/ops").Options.Source.Identity);
    }

    [Theory]
    [InlineData("source: pagerdooty", 1, 9, "'source' must be one of context | file | statuspage")]
    [InlineData("source: statuspage", 1, 1, "'url' is required")]
    [InlineData("source: statuspage\nurl: status.acme.example", 2, 6, "is not an absolute http(s) URL")]
    [InlineData("source: azure-boards\nurl: https://dev.azure.com/contoso/ops", 1, 1, "'query' is required")]
    [InlineData("source: statuspage\nurl: https://s.example\nquery: x", 3, 8, "'query' is not used by the statuspage source")]
    [InlineData("source: file\npath: i.json\nblock_on: [major, huge]", 3, 19, "'block_on' items are minor, major or critical, not 'huge'")]
    [InlineData("source: pagerduty\ntoken_env: \"u+abc123secret\"", 2, 12, "'token_env' names an environment variable")]
    [InlineData("source: statuspage\nurl: https://s.example\ntimeout: 10 minutes", 3, 10, "'timeout' must be a duration")]
    [InlineData("source: statuspage\nurl: https://s.example\non_eror: allow", 3, 1, "unknown key 'on_eror' (did you mean 'on_error'?)")]
    [InlineData("source: http-json\nurl: https://s.example\nmapping: { list: x }", 3, 12, "unknown key 'list'")]
    public void Policy_mistakes_are_errors_at_their_position(string yaml, int line, int column, string message)
    {
        var (_, errors) = Parse(IncidentCheck.Definition, yaml);
        var error = errors.ShouldHaveSingleItem();
        error.Message.ShouldContain(message);
        (error.Position.Line, error.Position.Column).ShouldBe((line, column));
    }
}
