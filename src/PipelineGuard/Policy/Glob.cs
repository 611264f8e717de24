namespace PipelineGuard.Policy;

/// <summary>
/// A glob over names, addresses and paths: <c>*</c> is any run of characters but <c>/</c>,
/// <c>**</c> is any run including <c>/</c> (<c>**/</c> also matches nothing, so <c>a/**/b</c> matches
/// <c>a/b</c>), <c>?</c> is one character but <c>/</c>, <c>[abc]</c> / <c>[a-z]</c> / <c>[!a]</c> a class.
/// Everything else is literal.
/// </summary>
/// <remarks>
/// Matched by a hand-written automaton over the pattern's parts (a set of live positions advanced one
/// character at a time), not a regular expression: time is at most pattern parts × value length, nothing
/// can time out, and a policy's globs cost nothing to build at start-up (a NonBacktracking regex per glob
/// was half of a one-resource check's time).
/// </remarks>
public sealed class Glob
{
    private readonly GlobPart[]? _parts;
    private readonly string? _literal;
    private readonly bool _ignoreCase;

    public string Pattern { get; }

    private Glob(string pattern, GlobPart[]? parts, string? literal, bool ignoreCase)
    {
        Pattern = pattern;
        _parts = parts;
        _literal = literal;
        _ignoreCase = ignoreCase;
    }

    public bool IsMatch(string value) =>
        _literal is not null
            ? string.Equals(_literal, value, _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
            : Matches(_parts!, value, _ignoreCase);

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
        var parts = new List<GlobPart>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        parts.Add(GlobPart.AnyFolders);
                    }
                    else
                    {
                        parts.Add(GlobPart.AnyRun);
                    }
                    break;
                case '*':
                    parts.Add(GlobPart.AnyRunInSegment);
                    break;
                case '?':
                    parts.Add(GlobPart.OneInSegment);
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0 || close == i + 1 || (close == i + 2 && pattern[i + 1] == '!'))
                    {
                        error = $"unclosed or empty character class at position {i + 1} in glob '{pattern}'";
                        return null;
                    }
                    var body = pattern[(i + 1)..close];
                    var negated = body[0] == '!';
                    if (negated) body = body[1..];
                    var ranges = new List<(char From, char To)>();
                    for (var j = 0; j < body.Length; j++)
                    {
                        if (j + 2 < body.Length && body[j + 1] == '-')
                        {
                            if (body[j + 2] < body[j])
                            {
                                error = $"range '{body[j]}-{body[j + 2]}' is in reverse order at position {i + 1} in glob '{pattern}'";
                                return null;
                            }
                            ranges.Add((body[j], body[j + 2]));
                            j += 2;
                        }
                        else
                        {
                            ranges.Add((body[j], body[j]));
                        }
                    }
                    parts.Add(GlobPart.Class([.. ranges], negated));
                    i = close;
                    break;
                case ']':
                    error = $"unmatched ']' at position {i + 1} in glob '{pattern}'";
                    return null;
                default:
                    parts.Add(GlobPart.Char(c));
                    break;
            }
        }
        return new Glob(pattern, [.. parts], null, ignoreCase);
    }

    public static Glob Parse(string pattern, bool ignoreCase = false) =>
        TryParse(pattern, ignoreCase, out var error) ?? throw new ArgumentException(error, nameof(pattern));

    // Live positions are part indexes; position parts.Length is "the whole pattern matched".
    private static bool Matches(GlobPart[] parts, string value, bool ignoreCase)
    {
        var live = new bool[parts.Length + 1];
        var next = new bool[parts.Length + 1];
        // Inside "**/": the characters read so far must end with '/' before the next part may start.
        var inFolders = new bool[parts.Length];
        var nextInFolders = new bool[parts.Length];
        Enter(parts, live, 0);
        foreach (var c in value)
        {
            Array.Clear(next);
            Array.Clear(nextInFolders);
            for (var p = 0; p < parts.Length; p++)
            {
                if (inFolders[p])
                {
                    // Still inside "**/"; a '/' may close it, letting the next part start at the next character.
                    nextInFolders[p] = true;
                    if (c == '/') Enter(parts, next, p + 1);
                }
                if (!live[p]) continue;
                var part = parts[p];
                switch (part.Kind)
                {
                    case GlobPartKind.AnyRun:
                        Enter(parts, next, p);
                        break;
                    case GlobPartKind.AnyRunInSegment:
                        if (c != '/') Enter(parts, next, p);
                        break;
                    case GlobPartKind.AnyFolders:
                        nextInFolders[p] = true;
                        if (c == '/') Enter(parts, next, p + 1);
                        break;
                    default:
                        if (part.Accepts(c, ignoreCase)) Enter(parts, next, p + 1);
                        break;
                }
            }
            (live, next) = (next, live);
            (inFolders, nextInFolders) = (nextInFolders, inFolders);
        }
        return live[parts.Length];
    }

    // Marks a position live, and the positions after parts that may match nothing.
    private static void Enter(GlobPart[] parts, bool[] live, int position)
    {
        while (true)
        {
            live[position] = true;
            if (position == parts.Length || !parts[position].MayBeEmpty) return;
            position++;
        }
    }
}

internal enum GlobPartKind
{
    Char,
    Class,
    OneInSegment,
    AnyRunInSegment,
    AnyRun,
    AnyFolders,
}

/// <summary>One part of a parsed glob: a character, a class, <c>?</c>, <c>*</c>, <c>**</c> or <c>**/</c>.</summary>
internal sealed class GlobPart
{
    private readonly char _char;
    private readonly (char From, char To)[] _ranges = [];
    private readonly bool _negated;

    private GlobPart(GlobPartKind kind, char c = '\0')
    {
        Kind = kind;
        _char = c;
    }

    private GlobPart((char From, char To)[] ranges, bool negated)
    {
        Kind = GlobPartKind.Class;
        _ranges = ranges;
        _negated = negated;
    }

    public GlobPartKind Kind { get; }

    public static GlobPart AnyRun { get; } = new(GlobPartKind.AnyRun);

    public static GlobPart AnyRunInSegment { get; } = new(GlobPartKind.AnyRunInSegment);

    public static GlobPart AnyFolders { get; } = new(GlobPartKind.AnyFolders);

    public static GlobPart OneInSegment { get; } = new(GlobPartKind.OneInSegment);

    public static GlobPart Char(char c) => new(GlobPartKind.Char, c);

    public static GlobPart Class((char From, char To)[] ranges, bool negated) => new(ranges, negated);

    public bool MayBeEmpty => Kind is GlobPartKind.AnyRun or GlobPartKind.AnyRunInSegment or GlobPartKind.AnyFolders;

    /// <summary>Whether this one-character part accepts <paramref name="c"/>.</summary>
    public bool Accepts(char c, bool ignoreCase) => Kind switch
    {
        GlobPartKind.Char => c == _char || (ignoreCase && char.ToUpperInvariant(c) == char.ToUpperInvariant(_char)),
        GlobPartKind.OneInSegment => c != '/',
        GlobPartKind.Class => (InRanges(c) || (ignoreCase && (InRanges(char.ToUpperInvariant(c)) || InRanges(char.ToLowerInvariant(c))))) != _negated,
        _ => false,
    };

    // A negated class, like the regex [^...] it replaced, matches '/' too.
    private bool InRanges(char c)
    {
        foreach (var (from, to) in _ranges)
        {
            if (c >= from && c <= to) return true;
        }
        return false;
    }
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
