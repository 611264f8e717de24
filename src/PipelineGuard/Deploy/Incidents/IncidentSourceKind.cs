using System.Globalization;
using PipelineGuard.Policy;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>
/// One kind of incident source, declared in its own file under <c>Sources/</c> and listed in <see cref="IncidentSourceKinds"/>.
/// </summary>
/// <param name="Name">The word after <c>source:</c>, e.g. <c>statuspage</c>.</param>
/// <param name="Keys">The keys it accepts beside the rule's own, each with what it means for this kind (no trailing period);
/// the shared ones are <see cref="IncidentSourceKeys.TokenEnv"/>, <see cref="IncidentSourceKeys.Timeout"/> and <see cref="IncidentSourceKeys.Retries"/>.</param>
/// <param name="DefaultTokenVariables">The environment variables it reads a token from without <c>token_env</c>; redaction cuts out their values.</param>
/// <param name="Example">A minimal valid source block (the keys under <c>incident:</c>); the tests load every kind from it.</param>
/// <param name="Parse">Reads its keys into its source; null when a required key was wrong (the error is already reported).</param>
public sealed record IncidentSourceKind(
    string Name,
    string Example,
    IReadOnlyList<(string Key, string Meaning)> Keys,
    IReadOnlyList<string> DefaultTokenVariables,
    Func<YamlMap, PolicyParseContext, IncidentSource?> Parse)
{
    public bool Accepts(string key) => Keys.Any(k => k.Key == key);
}

/// <summary>The keys several kinds share, and the readers a kind's parser uses for them.</summary>
public static class IncidentSourceKeys
{
    public static readonly (string Key, string Meaning) TokenEnv = ("token_env", "The environment variable holding the API token (never the token itself)");
    public static readonly (string Key, string Meaning) Timeout = ("timeout", "Per-attempt timeout such as 10s or 500ms (default 10s)");
    public static readonly (string Key, string Meaning) Retries = ("retries", "Retries after a failed attempt (default 2)");

    /// <summary>The shared keys, documented once rather than per kind.</summary>
    public static IReadOnlyList<(string Key, string Meaning)> Shared { get; } = [TokenEnv, Timeout, Retries];

    /// <summary>token_env, timeout and retries, for the ones the kind accepts.</summary>
    public static T WithShared<T>(T source, YamlMap map) where T : IncidentSource => (T)((IncidentSource)source with
    {
        TokenEnv = source.Kind.Accepts(TokenEnv.Key) ? TokenEnvName(map) : null,
        Timeout = source.Kind.Accepts(Timeout.Key) ? ParseTimeout(map) : null,
        Retries = source.Kind.Accepts(Retries.Key) && map.Integer("retries", 0, 5) is { } r ? (int)r : null,
    });

    /// <summary>An absolute http(s) URL; null when absent (an error when required) or wrong.</summary>
    public static Uri? Url(YamlMap map, bool required)
    {
        if (!map.Has("url") && !required) return null;
        var text = map.String("url", required: true);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "https" or "http") return u;
        map.Error("url", $"'{text}' is not an absolute http(s) URL");
        return null;
    }

    private static string? TokenEnvName(YamlMap map)
    {
        var tokenEnv = map.String("token_env");
        if (tokenEnv is not null && !tokenEnv.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            map.Error("token_env", $"'token_env' names an environment variable (letters, digits, _), not '{tokenEnv}'; never put the token itself in a policy");
        }
        return tokenEnv;
    }

    /// <summary>"10s", "500ms", "1m" or a bare number of seconds; between 100 ms and 5 minutes.</summary>
    private static TimeSpan? ParseTimeout(YamlMap map)
    {
        var node = map.Raw("timeout");
        if (node is null) return null;
        var text = (node as YamlScalarNode)?.Value?.Trim() ?? "";
        TimeSpan? value = null;
        if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)) value = TimeSpan.FromMilliseconds(ms);
        else if (text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) value = TimeSpan.FromSeconds(s);
        else if (text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)) value = TimeSpan.FromMinutes(min);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)) value = TimeSpan.FromSeconds(bare);
        if (value is { } v && v >= TimeSpan.FromMilliseconds(100) && v <= TimeSpan.FromMinutes(5)) return v;
        map.Context.Error(node, $"{map.What}: 'timeout' must be a duration between 100ms and 5m such as 10s or 500ms, not '{text}'");
        return null;
    }
}
