using PipelineGuard.Policy;

namespace PipelineGuard.Engine;

/// <summary>An environment scope and the alias (or scope name) an unmatched environment name looks like.</summary>
public sealed record Resemblance(string Scope, string Alias);

/// <summary>
/// Finds the alias an environment name that matched nothing most likely meant: a part of the name
/// (split at -, _, . and spaces) within one edit of a literal alias or scope name, e.g. "prdo", "eu-prood".
/// </summary>
public static class EnvironmentResemblance
{
    private static readonly char[] s_separators = ['-', '_', '.', ' ', '/'];

    public static Resemblance? Find(string environment, IReadOnlyList<string> scopes, PolicySet policy)
    {
        var parts = environment.ToLowerInvariant().Split(s_separators, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.TrimEnd("0123456789".ToCharArray())).Where(p => p.Length >= 3).Append(environment.ToLowerInvariant()).ToList();
        foreach (var scope in scopes)
        {
            var names = new List<string> { scope };
            if (policy.Environments.TryGetValue(scope, out var aliases))
            {
                names.AddRange(aliases.Globs.Select(g => g.Pattern).Where(p => p.IndexOfAny(['*', '?', '[']) < 0));
            }
            foreach (var name in names)
            {
                var alias = name.ToLowerInvariant();
                if (parts.Any(p => p == alias || (alias.Length >= 3 && YamlMap.EditDistance(p, alias) <= (alias.Length >= 6 ? 2 : 1))))
                {
                    return new Resemblance(scope, name);
                }
            }
        }
        return null;
    }
}
