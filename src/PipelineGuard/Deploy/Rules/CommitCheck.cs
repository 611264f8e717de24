using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Deploy.Rules;

/// <summary>The options of a <c>commit</c> rule.</summary>
public sealed record CommitOptions(IReadOnlyList<string> RequireTags, IReadOnlyList<string> ForbidTags, Glob? RequireGitTag, bool RequireSigned);

/// <summary>
/// The <c>commit</c> check on the head commit: message tags required or forbidden (case-insensitive,
/// as written in the message, e.g. <c>[wip]</c>), a git tag matching a glob, a signature.
/// Missing facts (no commit, unknown signature) trip the rule rather than pass it.
/// </summary>
public sealed class CommitCheck(CommitOptions options) : ICheck
{
    public static CheckKindInfo Info { get; } = new(
        "commit",
        "The deployed commit carries the required message tags, git tag and signature, and no forbidden tag.",
        "Work-in-progress commits and unsigned or untagged builds should not reach production by accident.",
        "Amend or re-tag the commit (remove [wip], add a release tag, sign it with git commit -S) and run again.",
        [
            ("require_tags", "Tags that must appear in the head commit's subject line, e.g. [release] (not inside a Revert \"...\" quote)."),
            ("forbid_tags", "Tags that must not appear in it, e.g. [wip], [skip deploy]. An unknown message is an indeterminate finding."),
            ("require_git_tag", "A glob one of the git tags on the commit must match, e.g. v*.*.*."),
            ("require_signed", "true: the commit must carry a good signature from a key git trusts (git %G? is G)."),
        ],
        """
        - id: release-commits-only
          description: Production gets tagged, signed releases, never work in progress.
          severity: medium
          enforcement: block
          when: { environments: [production] }
          commit:
            forbid_tags: ["[wip]"]
            require_git_tag: "v*.*.*"
            require_signed: true
        """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public CommitOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var commit = facts.Context.Commit;
        var name = commit?.Sha is { } sha ? "Commit " + sha[..Math.Min(12, sha.Length)] : "The head commit";
        if (commit is null)
        {
            yield return new Violation("No commit is known for this run (no CI variables, git repository, --commit or context file gave one), so its tags and signature cannot be checked.", Target.Deployment, "commit:unknown");
            yield break;
        }
        if (commit.Message is not { } message)
        {
            if (Options.RequireTags.Count > 0 || Options.ForbidTags.Count > 0)
            {
                // Unknown is not "no tag": a [wip] commit must not pass because the run had no git.
                yield return new Violation(
                    $"{name} message is not known to this run (no git repository or history, and no CI variable or context file gave it), so its tags [{string.Join(", ", Options.RequireTags.Concat(Options.ForbidTags))}] cannot be checked. Check out the repository (fetch-depth 1 is enough) or give commit.message in the context file.",
                    Target.Deployment, "commit:message-unknown", Indeterminate: true);
            }
        }
        else
        {
            foreach (var tag in Options.RequireTags)
            {
                if (!CommitSubject.HasTag(message, tag))
                {
                    yield return new Violation($"{name} subject line lacks the required tag {tag}.", Target.Deployment, "commit:require-tag:" + tag);
                }
            }
            foreach (var tag in Options.ForbidTags)
            {
                if (CommitSubject.HasTag(message, tag))
                {
                    yield return new Violation($"{name} subject line carries the forbidden tag {tag}.", Target.Deployment, "commit:forbid-tag:" + tag);
                }
            }
        }
        if (Options.RequireGitTag is { } glob)
        {
            if (commit.Tags is not { } tags)
            {
                yield return new Violation($"{name}: its git tags are not known to this run (no git repository), so a tag matching {glob.Pattern} cannot be checked.",
                    Target.Deployment, "commit:git-tag", Indeterminate: true);
            }
            else if (!tags.Any(glob.IsMatch))
            {
                var has = tags.Count == 0 ? "no git tag" : "only " + string.Join(", ", tags);
                yield return new Violation($"{name} has {has}; a tag matching {glob.Pattern} is required.", Target.Deployment, "commit:git-tag");
            }
        }
        if (Options.RequireSigned && commit.Signed != true)
        {
            var state = commit.Signed is null ? "its signature status is not known to this run (no git repository or gpg to verify it)" : "it is not signed with a verified key";
            yield return new Violation($"{name} must be signed, but {state}.", Target.Deployment, "commit:signed", Indeterminate: commit.Signed is null);
        }
    }

    public static ICheck Parse(YamlMap map, PolicyParseContext context)
    {
        var require = map.StringList("require_tags");
        var forbid = map.StringList("forbid_tags");
        Glob? gitTag = null;
        if (map.String("require_git_tag") is { } pattern)
        {
            gitTag = Glob.TryParse(pattern, ignoreCase: false, out var error);
            if (gitTag is null) map.Error("require_git_tag", error ?? "invalid glob");
        }
        var signed = map.Bool("require_signed") ?? false;
        if (require.Count == 0 && forbid.Count == 0 && gitTag is null && !signed && !map.Keys.Except(s_keys).Any())
        {
            context.Error(map.Position, $"{map.What}: give at least one of {string.Join(", ", s_keys)}");
        }
        map.RejectUnknownKeys(s_keys);
        return new CommitCheck(new CommitOptions(require, forbid, gitTag, signed));
    }

    private static readonly string[] s_keys = ["require_tags", "forbid_tags", "require_git_tag", "require_signed"];
}
