namespace PipelineGuard.Model;

/// <summary>One <c>Key: value</c> trailer from the end of a commit message.</summary>
public sealed record CommitTrailer(string Key, string Value);

/// <summary>An emergency override written as a trailer: <c>Guard-Override: &lt;rule-id&gt; &lt;reason&gt;</c>.</summary>
public sealed record OverrideTrailer(string RuleId, string? Reason);

/// <summary>
/// Reads a commit's trailers the way git reads them from a commit (<c>git log --format=%(trailers)</c>,
/// <c>git interpret-trailers --no-divider</c>): only the final paragraph of the message is a trailer block,
/// when every line of it is a <c>key: value</c> line (keys are letters, digits and dashes) or an indented
/// continuation of the previous one; git also accepts a block that is at least 25% trailers when one
/// of them is git-generated, which this reader does too. A <c>---</c> line is text like any other: a
/// trailer paragraph followed by <c>---</c> and more text is not the final block.
/// </summary>
public static class CommitTrailers
{
    private static readonly string[] s_gitGeneratedPrefixes = ["Signed-off-by: ", "(cherry picked from commit "];

    public static IReadOnlyList<CommitTrailer> Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return [];
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();

        // Git ignores comment lines; a commit message has no patch part, so "---" divides nothing.
        lines = [.. lines.Where(l => !l.StartsWith('#'))];

        var end = lines.Count;
        while (end > 0 && string.IsNullOrWhiteSpace(lines[end - 1])) end--;
        var start = end;
        while (start > 0 && !string.IsNullOrWhiteSpace(lines[start - 1])) start--;

        // The subject line alone is never a trailer block.
        if (start == 0) return [];

        var trailers = new List<(string Key, string Value)>();
        int trailerLines = 0, otherLines = 0;
        var gitGenerated = false;
        for (var i = start; i < end; i++)
        {
            var line = lines[i];
            if ((line.StartsWith(' ') || line.StartsWith('\t')) && trailers.Count > 0 && i > start)
            {
                // A continuation line folds into the previous trailer's value.
                var last = trailers[^1];
                trailers[^1] = (last.Key, last.Value + " " + line.Trim());
                continue;
            }
            if (line.StartsWith("(cherry picked from commit ", StringComparison.Ordinal))
            {
                trailerLines++;
                gitGenerated = true;
                continue;
            }
            if (TrySplit(line, out var key, out var value))
            {
                trailers.Add((key, value));
                trailerLines++;
                if (s_gitGeneratedPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal))) gitGenerated = true;
            }
            else
            {
                otherLines++;
            }
        }

        if (trailerLines == 0) return [];
        var isBlock = otherLines == 0 || (gitGenerated && trailerLines * 3 >= otherLines);
        return isBlock ? [.. trailers.Select(t => new CommitTrailer(t.Key, t.Value))] : [];
    }

    /// <summary>The values of every trailer with this key (case-insensitive, as git compares keys).</summary>
    public static IReadOnlyList<string> Values(string? message, string key) =>
        [.. Parse(message).Where(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)).Select(t => t.Value)];

    /// <summary>
    /// The override trailers (e.g. <c>Guard-Override</c>) naming <paramref name="ruleId"/>.
    /// A trailer without a reason is returned with a null <see cref="OverrideTrailer.Reason"/> so the caller can refuse and report it.
    /// </summary>
    public static IReadOnlyList<OverrideTrailer> Overrides(string? message, string trailerKey, string ruleId)
    {
        var found = new List<OverrideTrailer>();
        foreach (var value in Values(message, trailerKey))
        {
            var space = value.IndexOfAny([' ', '\t']);
            var id = space < 0 ? value : value[..space];
            var reason = space < 0 ? null : value[(space + 1)..].Trim();
            if (!string.Equals(id, ruleId, StringComparison.Ordinal)) continue;
            found.Add(new OverrideTrailer(id, string.IsNullOrWhiteSpace(reason) ? null : reason));
        }
        return found;
    }

    private static bool TrySplit(string line, out string key, out string value)
    {
        key = value = "";
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        var rawKey = line[..colon];
        // Git allows whitespace between the key and the separator, but not inside the key.
        var trimmedKey = rawKey.TrimEnd();
        if (trimmedKey.Length == 0 || !trimmedKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        key = trimmedKey;
        value = line[(colon + 1)..].Trim();
        return true;
    }
}
