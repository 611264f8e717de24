namespace PipelineGuard.Model;

/// <summary>
/// Where commit tags such as <c>[wip]</c> or <c>[skip guard]</c> are read: the subject line of the
/// head commit, without the quoted subject of a <c>Revert "..."</c> / <c>Reapply "..."</c> (that quote is
/// another commit's subject, so its tags say nothing about this one).
/// </summary>
public static class CommitSubject
{
    private static readonly string[] s_quotingPrefixes = ["Revert \"", "Reapply \""];

    /// <summary>The part of the subject line that speaks for this commit.</summary>
    public static string OwnText(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        var subject = (newline < 0 ? message : message[..newline]).TrimEnd('\r').Trim();
        foreach (var prefix in s_quotingPrefixes)
        {
            if (!subject.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var close = subject.LastIndexOf('"');
            // Text after the closing quote is this commit's own; the quote itself is not.
            return close > prefix.Length - 1 ? (prefix[..^2] + " " + subject[(close + 1)..]).Trim() : prefix[..^2];
        }
        return subject;
    }

    /// <summary>Whether the tag appears (case-insensitive) in the subject's own text.</summary>
    public static bool HasTag(string message, string tag) => OwnText(message).Contains(tag, StringComparison.OrdinalIgnoreCase);
}
