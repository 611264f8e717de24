using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>The migration set as a part of the facts.</summary>
public sealed partial class MigrationSet : IFactPart<MigrationSet>
{
    static MigrationSet IFactPart<MigrationSet>.None => Empty;

    public IEnumerable<Notice> Notices(IReadOnlySet<string> ruleKinds)
    {
        if (BaseRef is { } baseRef && Files.Count > 0 && !Files.Any(f => f.IsChange))
        {
            yield return new Notice("warning", $"--changed-since {baseRef} selected no migration: none of the {Files.Count} file(s) was added or modified since the merge-base, so no statement was judged");
        }
        if (Files.Count > 0 && !ruleKinds.Contains("sql")) yield return new Notice("warning", "the migrations given were not judged: the policy has no sql rule");
    }
}

/// <summary>Reads the migration part as a property, so checks say <c>facts.Migrations</c>.</summary>
public static class MigrationFactsAccess
{
    extension(EvaluationFacts facts)
    {
        /// <summary>The SQL migrations read by the migration collector (empty when none were given).</summary>
        public MigrationSet Migrations => facts.Get<MigrationSet>();
    }
}
