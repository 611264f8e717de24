using System.Text;
using PipelineGuard.Policy;
using PipelineGuard.PolicyLoading;

namespace PipelineGuard.Reporting;

/// <summary>
/// What <c>explain</c> prints: a policy rule (what it checks, why, how to fix or override it),
/// a check kind, or another documented topic (such as a SQL statement class).
/// </summary>
public static class Explain
{
    /// <summary>
    /// Other documented topics by name (e.g. SQL statement classes). Each source returns the text
    /// for a topic it knows, or null.
    /// </summary>
    public static IReadOnlyList<Func<string, string?>> TopicSources { get; } = [Sql.StatementClassDocs.Render];

    /// <summary>Every topic name the sources above can explain, for listings and the reference.</summary>
    public static IReadOnlyList<Func<IEnumerable<(string Topic, string Summary)>>> TopicLists { get; } = [Sql.StatementClassDocs.Topics];

    public static string? Render(string topic, PolicySet policy, Func<string, string?> readPolicyText)
    {
        var rule = policy.Rules.FirstOrDefault(r => r.Id == topic);
        if (rule is not null) return RenderRule(rule, policy, readPolicyText);
        if (CheckKinds.All.TryGetValue(topic, out var kind)) return RenderKind(kind.Info);
        foreach (var source in TopicSources)
        {
            if (source(topic) is { } text) return text;
        }
        return null;
    }

    /// <summary>Topics a user can ask for, for the "unknown topic" message.</summary>
    public static IEnumerable<string> KnownTopics(PolicySet policy) =>
        policy.Rules.Select(r => r.Id)
            .Concat(CheckKinds.All.Keys)
            .Concat(TopicLists.SelectMany(l => l().Select(t => t.Topic)));

    public static string RenderRule(PolicyRule rule, PolicySet policy, Func<string, string?> readPolicyText)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{rule.Id} — severity {Model.ContractWords.Of(rule.Severity)}, enforcement {Model.ContractWords.Of(rule.Enforcement)}");
        if (rule.Description.Length > 0) sb.AppendLine(rule.Description);
        sb.AppendLine($"Defined at {rule.Position}");
        sb.AppendLine();
        sb.AppendLine($"Checks ({rule.Check.Kind.Name}): {rule.Check.Kind.Summary}");
        sb.AppendLine($"Applies: {DescribeScope(rule, policy)}");
        sb.AppendLine();
        sb.AppendLine("Why:");
        sb.AppendLine(Indent(rule.EffectiveRationale));
        sb.AppendLine("How to fix:");
        sb.AppendLine(Indent(rule.EffectiveRemediation));
        sb.AppendLine("How to override for one run:");
        var how = rule.Override?.Describe(rule.Id);
        sb.AppendLine(Indent(string.IsNullOrEmpty(how) ? "This rule has no override: fix the change, or add an exception with a reason and an expiry date." : how));
        if (rule.Exceptions.Count > 0)
        {
            sb.AppendLine("Exceptions:");
            foreach (var x in rule.Exceptions)
            {
                sb.AppendLine($"  - {x.Targets}: {x.Reason} (expires {x.Expires:yyyy-MM-dd})");
            }
        }
        if (readPolicyText(rule.Position.File) is { } text && RuleSource(text, rule.Position.Line) is { } yaml)
        {
            sb.AppendLine();
            sb.AppendLine("Definition:");
            sb.Append(yaml);
        }
        return sb.ToString();
    }

    private static string DescribeScope(PolicyRule rule, PolicySet policy)
    {
        if (rule.When.IsEverywhere) return "every deploy";
        var parts = new List<string>();
        if (rule.When.Environments.Count > 0)
        {
            parts.Add("environments " + string.Join(", ", rule.When.Environments.Select(e =>
                policy.Environments.TryGetValue(e, out var aliases) ? $"{e} ({aliases})" : e)));
        }
        if (!rule.When.Services.MatchesEverything) parts.Add($"services {rule.When.Services}");
        if (!rule.When.Branches.MatchesEverything) parts.Add($"branches {rule.When.Branches}");
        return string.Join("; ", parts);
    }

    /// <summary>The rule's own lines of YAML: from its line to the next item at the same indentation.</summary>
    internal static string? RuleSource(string text, int line)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (line < 1 || line > lines.Length) return null;
        var first = lines[line - 1];
        var indent = first.Length - first.TrimStart().Length;
        // The mapping starts after "- "; the list item's dash is two columns left of it.
        var dashIndent = first.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? indent : Math.Max(0, indent - 2);
        var sb = new StringBuilder();
        sb.AppendLine("  " + first);
        for (var i = line; i < lines.Length; i++)
        {
            var l = lines[i];
            if (l.Trim().Length == 0)
            {
                sb.AppendLine();
                continue;
            }
            var ind = l.Length - l.TrimStart().Length;
            if (ind <= dashIndent) break;
            sb.AppendLine("  " + l);
        }
        return sb.ToString().TrimEnd() + Environment.NewLine;
    }

    public static string RenderKind(CheckKindInfo info)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{info.Name} (check kind)");
        sb.AppendLine(info.Summary);
        sb.AppendLine();
        sb.AppendLine("Why:");
        sb.AppendLine(Indent(info.Rationale));
        sb.AppendLine("Keys:");
        foreach (var (key, meaning) in info.Keys) sb.AppendLine($"  {key}: {meaning}");
        sb.AppendLine("When it trips:");
        sb.AppendLine(Indent(info.Remediation));
        sb.AppendLine("Example:");
        foreach (var l in info.Example.Split('\n')) sb.AppendLine("  " + l.TrimEnd());
        return sb.ToString();
    }

    private static string Indent(string text) => "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
