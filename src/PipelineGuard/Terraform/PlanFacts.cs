using PipelineGuard.Model;

namespace PipelineGuard.Terraform;

/// <summary>The plans read for this run and where their addresses are declared in the .tf sources.</summary>
public sealed record PlanFacts(IReadOnlyList<TerraformPlan> Plans, TerraformSourceIndex Sources) : IFactPart<PlanFacts>
{
    public static PlanFacts None { get; } = new([], TerraformSourceIndex.Empty);

    public IEnumerable<Notice> Notices(IReadOnlySet<string> ruleKinds)
    {
        foreach (var plan in Plans.Where(p => p.Changes.Count == 0))
        {
            yield return new Notice("warning", $"{plan.File}: the plan has no resource changes (resource_changes is empty, null or absent), so no terraform rule judged anything in it");
        }
        if (Plans.Count > 0 && !ruleKinds.Contains("terraform")) yield return new Notice("warning", "the plans given were not judged: the policy has no terraform rule");
    }
}

/// <summary>Reads the plan part as properties, so checks say <c>facts.Plans</c>.</summary>
public static class PlanFactsAccess
{
    extension(EvaluationFacts facts)
    {
        public IReadOnlyList<TerraformPlan> Plans => facts.Get<PlanFacts>().Plans;

        /// <summary>Where plan addresses are declared in the .tf sources (empty when the sources are not there).</summary>
        public TerraformSourceIndex TerraformSources => facts.Get<PlanFacts>().Sources;

        public EvaluationFacts WithPlans(IReadOnlyList<TerraformPlan> plans, TerraformSourceIndex? sources = null) =>
            facts.With(new PlanFacts(plans, sources ?? TerraformSourceIndex.Empty));
    }
}
