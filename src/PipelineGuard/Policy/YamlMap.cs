using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Policy;

/// <summary>Collects policy errors while parsing, so a user sees all of them at once.</summary>
public sealed class PolicyParseContext(string file)
{
    private readonly List<PolicyError> _errors = [];

    public string File { get; } = file;

    /// <summary>The folder relative paths in this policy resolve against.</summary>
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    public IReadOnlyList<PolicyError> Errors => _errors;

    public SourcePosition At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string message) => _errors.Add(new PolicyError(At(node), message));

    public void Error(SourcePosition position, string message) => _errors.Add(new PolicyError(position, message));
}

/// <summary>
/// A YAML mapping read key by key with types checked and positions kept. Every key read is
/// marked; <see cref="RejectUnknownKeys"/> reports the rest, so typos are errors, not silence.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, PolicyParseContext context, string what)
    {
        _node = node;
        Context = context;
        What = what;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode scalar || scalar.Value is null)
            {
                context.Error(key, $"{what}: keys must be plain words");
                continue;
            }
            if (!_entries.TryAdd(scalar.Value, (scalar, value)))
            {
                context.Error(key, $"{what}: key '{scalar.Value}' is given twice");
            }
        }
    }

    private YamlMap(YamlMap other, string what)
    {
        _node = other._node;
        _entries = other._entries;
        _read = other._read;
        Context = other.Context;
        What = what;
    }

    /// <summary>The same mapping under a more telling name for messages (its read keys are shared).</summary>
    public YamlMap Named(string what) => new(this, what);

    public PolicyParseContext Context { get; }

    /// <summary>What this mapping is, for messages: e.g. "rule 'no-destroy' terraform".</summary>
    public string What { get; }

    public SourcePosition Position => Context.At(_node);

    public YamlMappingNode Node => _node;

    public bool Has(string key) => _entries.ContainsKey(key);

    public IEnumerable<string> Keys => _entries.Keys;

    public SourcePosition PositionOf(string key) =>
        _entries.TryGetValue(key, out var e) ? Context.At(e.Value) : Position;

    /// <summary>Where the key itself is written (for errors about the key rather than its value).</summary>
    public SourcePosition KeyPosition(string key) =>
        _entries.TryGetValue(key, out var e) ? Context.At(e.Key) : Position;

    /// <summary>Marks a key as handled without reading it (its error was reported another way).</summary>
    public void MarkRead(string key) => _read.Add(key);

    public YamlNode? Raw(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        _read.Add(key);
        return entry.Value;
    }

    public void Error(string key, string message) =>
        Context.Error(_entries.TryGetValue(key, out var e) ? Context.At(e.Value) : Context.At(_node), $"{What}: {message}");

    /// <summary>Reports every key that no reader asked for, naming the keys that are allowed.</summary>
    public void RejectUnknownKeys(IEnumerable<string> allowed)
    {
        var allowedList = allowed.ToList();
        foreach (var (name, entry) in _entries)
        {
            if (_read.Contains(name)) continue;
            var hint = Suggest(name, allowedList);
            Context.Error(entry.Key, $"{What}: unknown key '{name}'{hint}; allowed: {string.Join(", ", allowedList)}");
        }
    }

    internal static string Suggest(string name, IReadOnlyList<string> allowed)
    {
        var best = allowed
            .Select(a => (a, d: EditDistance(name, a)))
            .Where(x => x.d <= Math.Max(1, name.Length / 3))
            .OrderBy(x => x.d)
            .FirstOrDefault();
        return best.a is null ? "" : $" (did you mean '{best.a}'?)";
    }

    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }
        return d[a.Length, b.Length];
    }

    private YamlScalarNode? Scalar(string key, string expected)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        if (raw is YamlScalarNode s) return s;
        Context.Error(raw, $"{What}: '{key}' must be {expected}, not a {NodeKind(raw)}");
        return null;
    }

    internal static string NodeKind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null || s.Value is "" or "~" or "null" or "Null" or "NULL");

    public string? String(string key, bool required = false)
    {
        var s = Scalar(key, "a string");
        if (s is null || IsNull(s))
        {
            if (required) Error(key, $"'{key}' is required");
            return null;
        }
        return s.Value;
    }

    public bool? Bool(string key)
    {
        var s = Scalar(key, "true or false");
        if (s is null) return null;
        switch (s.Value)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                Context.Error(s, $"{What}: '{key}' must be true or false, not '{s.Value}'");
                return null;
        }
    }

    public long? Integer(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var s = Scalar(key, "a whole number");
        if (s is null) return null;
        if (s.Style == YamlDotNet.Core.ScalarStyle.Plain &&
            long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                Context.Error(s, $"{What}: '{key}' must be between {min} and {max}, not {value}");
                return null;
            }
            return value;
        }
        Context.Error(s, $"{What}: '{key}' must be a whole number, not '{s.Value}'");
        return null;
    }

    /// <summary>An IANA time zone (e.g. Europe/Berlin); <paramref name="fallback"/> when the key is absent or wrong (the error is recorded).</summary>
    public DateTimeZone TimeZone(string key, DateTimeZone fallback)
    {
        var zoneId = String(key);
        if (zoneId is null) return fallback;
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } found) return found;
        Error(key, $"'{zoneId}' is not an IANA time zone (for example Europe/Berlin, America/New_York, UTC)");
        return fallback;
    }

    /// <summary>A calendar date written <c>YYYY-MM-DD</c>.</summary>
    public DateOnly? Date(string key, bool required = false)
    {
        var s = Scalar(key, "a date (YYYY-MM-DD)");
        if (s is null)
        {
            if (required && !Has(key)) Error(key, $"'{key}' is required (a date, YYYY-MM-DD)");
            return null;
        }
        if (DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        Context.Error(s, $"{What}: '{key}' must be a date written YYYY-MM-DD, not '{s.Value}'");
        return null;
    }

    /// <summary>One of the given words (case-sensitive, as the contract spells them).</summary>
    public T? Word<T>(string key, IReadOnlyDictionary<string, T> words, bool required = false) where T : struct
    {
        var s = Scalar(key, "one of " + string.Join(" | ", words.Keys));
        if (s is null)
        {
            if (required && !Has(key)) Error(key, $"'{key}' is required: one of {string.Join(" | ", words.Keys)}");
            return null;
        }
        if (s.Value is not null && words.TryGetValue(s.Value, out var value)) return value;
        Context.Error(s, $"{What}: '{key}' must be one of {string.Join(" | ", words.Keys)}, not '{s.Value}'");
        return null;
    }

    /// <summary>A list of strings; a single scalar is read as a one-item list.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> StringListWithNodes(string key)
    {
        var raw = Raw(key);
        if (raw is null) return [];
        if (raw is YamlScalarNode single)
        {
            return IsNull(single) ? [] : [(single.Value ?? "", single)];
        }
        if (raw is not YamlSequenceNode seq)
        {
            Context.Error(raw, $"{What}: '{key}' must be a list of strings, not a mapping");
            return [];
        }
        var list = new List<(string, YamlNode)>(seq.Children.Count);
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s && s.Value is not null)
            {
                list.Add((s.Value, s));
            }
            else
            {
                Context.Error(item, $"{What}: every item of '{key}' must be a string, not a {NodeKind(item)}");
            }
        }
        return list;
    }

    public IReadOnlyList<string> StringList(string key) => [.. StringListWithNodes(key).Select(x => x.Value)];

    /// <summary>A list of globs, each checked; a malformed glob is an error at its position.</summary>
    public GlobSet Globs(string key, bool ignoreCase = false)
    {
        var globs = new List<Glob>();
        foreach (var (value, node) in StringListWithNodes(key))
        {
            var glob = Glob.TryParse(value, ignoreCase, out var error);
            if (glob is null) Context.Error(node, $"{What}: '{key}': {error}");
            else globs.Add(glob);
        }
        return new GlobSet(globs);
    }

    /// <summary>How long one regex match may run before the answer is "not known".</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>A regular expression run by the linear-time (non-backtracking) engine, with a match timeout besides.</summary>
    public Regex? Regex(string key, YamlScalarNode? node = null)
    {
        var s = node ?? Scalar(key, "a regular expression");
        if (s?.Value is null) return null;
        return CompileRegex(s.Value, s, key);
    }

    public Regex? CompileRegex(string pattern, YamlNode at, string key)
    {
        try
        {
            // NonBacktracking: matching time is linear in the input whatever the pattern (no ReDoS).
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            Context.Error(at, $"{What}: '{key}' is not a valid regular expression: {ex.Message}");
            return null;
        }
        catch (NotSupportedException ex)
        {
            Context.Error(at, $"{What}: '{key}' uses a construct the linear-time regex engine does not run (backreferences, lookarounds, atomic groups, conditionals): {ex.Message}");
            return null;
        }
    }

    public YamlMap? Map(string key, string? what = null)
    {
        var raw = Raw(key);
        if (raw is null) return null;
        if (raw is YamlMappingNode m) return new YamlMap(m, Context, what ?? $"{What} {key}");
        if (raw is YamlScalarNode s && IsNull(s)) return null;
        Context.Error(raw, $"{What}: '{key}' must be a mapping, not a {NodeKind(raw)}");
        return null;
    }

    public IReadOnlyList<YamlMap> MapList(string key, Func<int, string>? what = null)
    {
        var raw = Raw(key);
        if (raw is null) return [];
        if (raw is YamlScalarNode s && IsNull(s)) return [];
        if (raw is not YamlSequenceNode seq)
        {
            Context.Error(raw, $"{What}: '{key}' must be a list, not a {NodeKind(raw)}");
            return [];
        }
        var list = new List<YamlMap>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            if (item is YamlMappingNode m)
            {
                list.Add(new YamlMap(m, Context, what?.Invoke(i) ?? $"{What} {key}[{i}]"));
            }
            else
            {
                Context.Error(item, $"{What}: every item of '{key}' must be a mapping, not a {NodeKind(item)}");
            }
        }
        return list;
    }
}
