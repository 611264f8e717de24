using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Security;

/// <summary>Opening an admin port to the internet in a way the built-in policy did not spell out: ranges, "*", split CIDRs.</summary>
public class NetworkExposureAttackTests
{
    private static readonly PolicySet BuiltIn = PolicyLoader.LoadBuiltIn();

    private static bool Blocks(string address, string after)
    {
        var plan = Build.Plan(Build.PlanJson(Build.Change(address, """["create"]""", null, after)), BuiltIn);
        return Build.Evaluate(BuiltIn, new DeployContext { Environment = "production" }, plans: plan)
            .Findings.Any(f => f.RuleId == "no-world-open-admin-ports" && f.Outcome == Outcome.Block);
    }

    private static string AzureRule(string portKey, string portValue, string source = "\"*\"") =>
        $$"""{"direction":"Inbound","access":"Allow","protocol":"Tcp","source_address_prefix":{{source}},"{{portKey}}":{{portValue}}}""";

    [Theory]
    [InlineData("destination_port_range", "\"20-30\"")]
    [InlineData("destination_port_range", "\"1-65535\"")]
    [InlineData("destination_port_range", "\"*\"")]
    [InlineData("destination_port_ranges", "[\"80\", \"3000-3400\"]")]
    public void An_Azure_port_range_holding_an_admin_port_is_blocked(string key, string value)
    {
        Blocks("azurerm_network_security_rule.open", AzureRule(key, value)).ShouldBeTrue();
        Blocks("azurerm_network_security_group.open", $$"""{"security_rule":[{{AzureRule(key, value)}}]}""").ShouldBeTrue();
    }

    [Fact]
    public void An_Azure_web_port_range_or_a_private_source_is_not_blocked()
    {
        Blocks("azurerm_network_security_rule.web", AzureRule("destination_port_range", "\"80-443\"")).ShouldBeFalse();
        Blocks("azurerm_network_security_rule.vpn", AzureRule("destination_port_range", "\"22\"", "\"10.0.0.0/8\"")).ShouldBeFalse();
    }

    [Fact]
    public void A_GCP_firewall_port_range_holding_ssh_is_blocked()
    {
        Blocks("google_compute_firewall.open",
            """{"direction":"INGRESS","source_ranges":["0.0.0.0/0"],"allow":[{"protocol":"tcp","ports":["20-30"]}]}""").ShouldBeTrue();
        Blocks("google_compute_firewall.web",
            """{"direction":"INGRESS","source_ranges":["0.0.0.0/0"],"allow":[{"protocol":"tcp","ports":["80","443"]}]}""").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""["0.0.0.0/1", "128.0.0.0/1"]""")]
    [InlineData("""["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]""")]
    [InlineData("""["128.0.0.0/1", "0.0.0.0/1", "10.0.0.0/8"]""")]
    public void Splitting_the_internet_into_CIDRs_that_cover_it_is_blocked(string cidrs)
    {
        Blocks("aws_security_group.split",
            $$"""{"ingress":[{"cidr_blocks":{{cidrs}},"ipv6_cidr_blocks":[],"from_port":22,"to_port":22,"protocol":"tcp"}]}""").ShouldBeTrue();
        Blocks("aws_security_group_rule.split",
            $$"""{"type":"ingress","cidr_blocks":{{cidrs}},"from_port":3389,"to_port":3389,"protocol":"tcp"}""").ShouldBeTrue();
    }

    [Fact]
    public void Splitting_IPv6_into_halves_is_blocked_and_a_private_range_is_not()
    {
        Blocks("aws_security_group.v6",
            """{"ingress":[{"cidr_blocks":[],"ipv6_cidr_blocks":["::/1","8000::/1"],"from_port":22,"to_port":22,"protocol":"tcp"}]}""").ShouldBeTrue();
        Blocks("aws_security_group.office",
            """{"ingress":[{"cidr_blocks":["0.0.0.0/1"],"ipv6_cidr_blocks":[],"from_port":22,"to_port":22,"protocol":"tcp"}]}""").ShouldBeFalse();
    }

    [Fact]
    public void A_from_to_range_that_covers_an_admin_port_is_blocked()
    {
        Blocks("aws_security_group.wide",
            """{"ingress":[{"cidr_blocks":["0.0.0.0/0"],"ipv6_cidr_blocks":[],"from_port":0,"to_port":65535,"protocol":"tcp"}]}""").ShouldBeTrue();
        Blocks("aws_vpc_security_group_ingress_rule.wide",
            """{"cidr_ipv4":"0.0.0.0/0","from_port":1000,"to_port":6000,"ip_protocol":"tcp"}""").ShouldBeTrue();
        Blocks("aws_vpc_security_group_ingress_rule.web",
            """{"cidr_ipv4":"0.0.0.0/0","from_port":80,"to_port":443,"ip_protocol":"tcp"}""").ShouldBeFalse();
    }

    [Theory]
    [InlineData("22", 22, 22)]
    [InlineData("20-30", 20, 30)]
    [InlineData("*", 0, 65535)]
    [InlineData(" 1-65535 ", 1, 65535)]
    public void Port_specs_read_as_the_ports_they_open(string text, int from, int to)
    {
        PortSpec.TryParse(text, out var f, out var t).ShouldBeTrue();
        (f, t).ShouldBe((from, to));
    }

    [Theory]
    [InlineData("ssh")]
    [InlineData("30-20")]
    [InlineData("70000")]
    [InlineData("")]
    public void Text_that_is_no_port_spec_is_not_read_as_one(string text) => PortSpec.TryParse(text, out _, out _).ShouldBeFalse();

    [Fact]
    public void A_CIDR_set_covers_a_range_only_when_its_union_holds_every_address()
    {
        var set = new CidrSet();
        set.Add("0.0.0.0/1").ShouldBeTrue();
        set.Covers("0.0.0.0/0").ShouldBeFalse();
        set.Add("128.0.0.0/2");
        set.Covers("0.0.0.0/0").ShouldBeFalse();
        set.Add("192.0.0.0/2");
        set.Covers("0.0.0.0/0").ShouldBeTrue();
        set.Covers("::/0").ShouldBeFalse();
        set.Add("Internet").ShouldBeFalse();
        set.Add("10.1.2.3/8").ShouldBeTrue();
    }

    [Fact]
    public void A_bad_port_or_CIDR_in_a_policy_is_an_error_at_its_line()
    {
        var errors = Build.PolicyErrors("""
            version: 1
            rules:
              - id: r
                terraform:
                  attributes:
                    - { path: ports.*, covers_port: [ssh] }
                    - { path: cidr, cidrs_cover: "everywhere" }
            """);
        errors.ShouldContain(e => e.Message.Contains("covers_port", StringComparison.Ordinal) && e.Position.Line == 6);
        errors.ShouldContain(e => e.Message.Contains("cidrs_cover", StringComparison.Ordinal) && e.Position.Line == 7);
    }
}
