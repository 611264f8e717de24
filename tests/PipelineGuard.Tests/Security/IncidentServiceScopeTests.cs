using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>An incident counts for the services it names; one naming none counts for all; with no service known, all count.</summary>
public class IncidentServiceScopeTests
{
    private static IReadOnlyList<Finding> Run(string? service, string incidentOptions, params Incident[] incidents)
    {
        var policy = Build.Policy("version: 1\nrules:\n  - id: incidents\n    severity: high\n    enforcement: block\n    incident: { source: context" + incidentOptions + " }\n");
        return Build.Evaluate(policy, new DeployContext { Environment = "production", Service = service, Incidents = incidents }).Findings;
    }

    private static Incident Open(string id, params string[] services) => new(id, "critical", "investigating", services);

    [Fact]
    public void An_open_incident_on_payments_does_not_block_a_deploy_of_search()
    {
        Run("search", "", Open("INC-1", "payments")).ShouldBeEmpty();
    }

    [Fact]
    public void An_open_incident_on_the_deployed_service_blocks_it()
    {
        Run("payments", "", Open("INC-1", "Payments", "ledger")).ShouldHaveSingleItem().Message.ShouldContain("INC-1");
    }

    [Fact]
    public void An_incident_naming_no_service_blocks_every_service()
    {
        Run("search", "", Open("INC-2")).ShouldHaveSingleItem();
    }

    [Fact]
    public void With_no_service_known_every_incident_counts()
    {
        Run(null, "", Open("INC-3", "payments"), Open("INC-4", "search")).Count.ShouldBe(2);
    }

    [Fact]
    public void A_components_map_turns_status_page_component_names_into_service_names()
    {
        const string map = ", components: { \"Payments API\": payments, \"Checkout Web\": [checkout, payments] }";
        Run("payments", map, Open("cp306", "Payments API")).ShouldHaveSingleItem();
        Run("payments", map, Open("cp307", "checkout web")).ShouldHaveSingleItem();
        Run("search", map, Open("cp306", "Payments API")).ShouldBeEmpty();
    }

    [Fact]
    public void A_components_entry_without_a_service_is_a_policy_error()
    {
        Build.PolicyErrors("version: 1\nrules:\n  - id: i\n    incident: { source: context, components: { \"Payments API\": [] } }\n")
            .ShouldHaveSingleItem().ToString().ShouldContain("'Payments API' has none");
    }

    [Fact]
    public void The_components_key_is_documented_with_the_check_kind()
    {
        IncidentCheck.Info.Keys.ShouldContain(p => p.Key == "components");
    }
}
