namespace PipelineGuard.Tests.ModelChecks;

public sealed class FindingResolutionTests
{
    private static readonly Finding Blocking = new("no-destroy", Severity.High, Enforcement.Block, "deletes the database", Target.Deployment, "keep it", "f");

    [Fact]
    public void An_enforced_finding_takes_its_outcome_from_its_enforcement_and_carries_no_override()
    {
        Blocking.Outcome.ShouldBe(Outcome.Block);
        (Blocking with { Enforcement = Enforcement.Warn }).Outcome.ShouldBe(Outcome.Warn);
        (Blocking with { Enforcement = Enforcement.Advisory }).Outcome.ShouldBe(Outcome.Advisory);
        Blocking.Override.ShouldBeNull();
        Blocking.Waiver.ShouldBeNull();
    }

    [Fact]
    public void An_overridden_finding_always_names_its_override_and_keeps_an_expired_waiver_it_matched()
    {
        var expired = new WaiverUse("policy", "old", new NodaTime.LocalDate(2026, 1, 1), true, "*");
        var finding = Blocking with { Resolution = new Resolution.Overridden(new OverrideUse("trailer", "alice", "hotfix"), expired) };

        finding.Outcome.ShouldBe(Outcome.Overridden);
        finding.Override.ShouldNotBeNull().By.ShouldBe("alice");
        finding.Waiver.ShouldBe(expired);
    }

    [Fact]
    public void A_waived_finding_always_names_its_waiver_and_no_override()
    {
        var waiver = new WaiverUse("inline", "scratch table", null, false, "db/1.sql:3");
        var finding = Blocking with { Resolution = new Resolution.Waived(waiver) };

        finding.Outcome.ShouldBe(Outcome.Waived);
        finding.Waiver.ShouldBe(waiver);
        finding.Override.ShouldBeNull();
    }
}
