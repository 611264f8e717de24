using System.Text;
using System.Text.RegularExpressions;

namespace PipelineGuard.Policy;

/// <summary>
/// A glob over names, addresses and paths: <c>*</c> is any run of characters but <c>/</c>,
/// <c>**</c> is any run including <c>/</c>, <c>?</c> is one character but <c>/</c>,
/// <c>[abc]</c> / <c>[a-z]</c> / <c>[!a]</c> a class. Everything else is literal.
/// </summary>
public sealed class Glob
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private readonly Regex? _regex;
    private readonly string? _literal;
    private readonly StringComparison _comparison;

    public string Pattern { get; }

    private Glob(string pattern, Regex? regex, string? literal, bool ignoreCase)
    {
        Pattern = pattern;
        _regex = regex;
        _literal = literal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public bool IsMatch(string value) =>
        _literal is not null ? string.Equals(_literal, value, _comparison) : _regex!.IsMatch(value);

    public override string ToString() => Pattern;

    /// <summary>Parses a glob; returns null and an error text when it is malformed.</summary>
    public static Glob? TryParse(string pattern, bool ignoreCase, out string? error)
    {
        error = null;
        if (pattern.Length == 0)
        {
            error = "an empty glob matches nothing";
            return null;
        }
        if (pattern == ".." || pattern.StartsWith("../", StringComparison.Ordinal) || pattern.Contains("/../", StringComparison.Ordinal) || pattern.EndsWith("/..", StringComparison.Ordinal))
        {
            error = $"glob '{pattern}' climbs out of the workspace with '..'; paths in a policy are relative to the workspace";
            return null;
        }
        if (pattern.IndexOfAny(['*', '?', '[', ']']) < 0)
        {
            return new Glob(pattern, null, pattern, ignoreCase);
        }
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    // "**/" also matches nothing, so "a/**/b" matches "a/b".
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0 || close == i + 1 || (close == i + 2 && pattern[i + 1] == '!'))
                    {
                        error = $"unclosed or empty character class at position {i + 1} in glob '{pattern}'";
                        return null;
                    }
                    var body = pattern[(i + 1)..close];
                    sb.Append('[');
                    if (body[0] == '!')
                    {
                        sb.Append('^');
                        body = body[1..];
                    }
                    foreach (var bc in body)
                    {
                        sb.Append(bc is '\\' or '^' or '[' or ']' ? "\\" + bc : bc.ToString());
                    }
                    sb.Append(']');
                    i = close;
                    break;
                case ']':
                    error = $"unmatched ']' at position {i + 1} in glob '{pattern}'";
                    return null;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        sb.Append('$');
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        try
        {
            return new Glob(pattern, new Regex(sb.ToString(), options, MatchTimeout), null, ignoreCase);
        }
        catch (ArgumentException ex)
        {
            error = $"glob '{pattern}' is not valid: {ex.Message}";
            return null;
        }
    }

    public static Glob Parse(string pattern, bool ignoreCase = false) =>
        TryParse(pattern, ignoreCase, out var error) ?? throw new ArgumentException(error, nameof(pattern));
}

/// <summary>A set of globs; matches when any matches. An empty set matches everything.</summary>
public sealed class GlobSet
{
    private readonly Glob[] _globs;

    public GlobSet(IEnumerable<Glob> globs) => _globs = [.. globs];

    public static GlobSet Any { get; } = new([]);

    public bool MatchesEverything => _globs.Length == 0;

    public IReadOnlyList<Glob> Globs => _globs;

    public bool IsMatch(string value)
    {
        if (_globs.Length == 0) return true;
        foreach (var g in _globs)
        {
            if (g.IsMatch(value)) return true;
        }
        return false;
    }

    public override string ToString() => _globs.Length == 0 ? "*" : string.Join(", ", _globs.Select(g => g.Pattern));
}
