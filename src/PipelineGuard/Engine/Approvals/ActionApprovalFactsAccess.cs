using PipelineGuard.Model;

namespace PipelineGuard.Engine.Approvals;

/// <summary>The action approvals as a part of the facts.</summary>
public sealed partial record ActionApprovalFacts : IFactPart<ActionApprovalFacts>;

/// <summary>Reads the approvals part as a property, so the judge says <c>facts.ActionApprovals</c>.</summary>
public static class ActionApprovalFactsAccess
{
    extension(EvaluationFacts facts)
    {
        /// <summary>The digest of this run and the approvals posted for it (<c>override.action_approval</c>).</summary>
        public ActionApprovalFacts ActionApprovals => facts.Get<ActionApprovalFacts>();
    }
}
