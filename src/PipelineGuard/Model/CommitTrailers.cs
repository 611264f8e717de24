namespace PipelineGuard.Model;

/// <summary>
/// Trailers of a commit message, as git reads them: <c>Key: value</c> lines in the last
/// paragraph, where every line of that paragraph is a trailer (or a continuation of one).
/// </summary>
public static class CommitTrailers
{
    public static IReadOnlyList<(string Key, string Value)> Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return [];
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ', '\t').Split('\n');
        var start = lines.Length;
        while (start > 0 && lines[start - 1].Trim().Length > 0) start--;
        // The subject line alone is never a trailer block.
        if (start == 0) return [];
        var result = new List<(string, string)>();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && result.Count > 0)
            {
                var (k, v) = result[^1];
                result[^1] = (k, v + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon))) return [];
            result.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return result;
    }

    private static bool IsToken(ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        }
        return true;
    }
}
