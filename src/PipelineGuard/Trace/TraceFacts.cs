using PipelineGuard.Engine;
using PipelineGuard.Model;

namespace PipelineGuard.Trace;

/// <summary>The trace as a part of the facts (absent when no trace ran).</summary>
public sealed partial record MigrationTrace : IFactPart
{
    public IEnumerable<Notice> Notices(IReadOnlySet<string> ruleKinds) => [new Notice("info", "trace: " + Summary)];
}

/// <summary>Reads the trace part as a property of the facts and of the evaluation.</summary>
public static class TraceFactsAccess
{
    extension(EvaluationFacts facts)
    {
        /// <summary>What the new migrations did on a throwaway PostgreSQL; null when no trace was run.</summary>
        public MigrationTrace? Trace => facts.Find<MigrationTrace>();
    }

    extension(Evaluation evaluation)
    {
        /// <summary>What the new migrations did on a throwaway PostgreSQL (every statement, its locks and the static comparison); null when no trace ran.</summary>
        public MigrationTrace? Trace => evaluation.Facts.Find<MigrationTrace>();
    }
}
