using System.Globalization;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents;

/// <summary>
/// One incident source as a policy names it: the options its kind parsed, and its fetch. Each kind is one
/// record in <c>Sources/</c>; its <see cref="Identity"/> names it in findings and its <see cref="Key"/> keys the
/// fetched result in the evaluation facts, so two rules naming the same source share one fetch.
/// </summary>
public abstract record IncidentSource
{
    /// <summary>The kind this source is (its word, keys and default token variables).</summary>
    public abstract IncidentSourceKind Kind { get; }

    /// <summary>The environment variable holding the token; the token itself is never kept here.</summary>
    public string? TokenEnv { get; init; }
    public TimeSpan? Timeout { get; init; }
    public int? Retries { get; init; }

    /// <summary>False for a source whose incidents are already in the facts (the context file): nothing is fetched.</summary>
    public virtual bool IsFetched => true;

    /// <summary>What names the source in a finding after its kind word: never a token, never a URL's query.</summary>
    protected virtual IEnumerable<string?> IdentityParts => [];

    /// <summary>Every option of the kind (URL with its query, mapping, header...): sources differing in any are fetched apart.</summary>
    protected virtual IEnumerable<string?> KeyParts => [];

    /// <summary>"statuspage https://status.example.com", "github-issues acme/app labels=incident".</summary>
    public string Identity => string.Join(' ', new[] { Kind.Name }.Concat(IdentityParts.OfType<string>()));

    public string Key => string.Join('\u001f',
    [
        Kind.Name, .. KeyParts.Select(p => p ?? ""), TokenEnv ?? "",
        Timeout?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "", Retries?.ToString(CultureInfo.InvariantCulture) ?? "",
    ]);

    /// <summary>The variables this source may read a token from: its token_env and its kind's defaults; redaction cuts out all their values.</summary>
    public IReadOnlyList<string> TokenVariables =>
        [.. new[] { TokenEnv }.OfType<string>().Concat(Kind.DefaultTokenVariables).Distinct(StringComparer.Ordinal)];

    /// <summary>The call options for this source: its own timeout and retries over the run's defaults.</summary>
    public ApiCallOptions CallOptions(ApiCallOptions defaults) => defaults with
    {
        Timeout = Timeout ?? defaults.Timeout,
        Retries = Retries ?? defaults.Retries,
    };

    /// <summary>The open incidents, or an <see cref="ApiException"/> naming the request and the reason (never an empty success).</summary>
    public abstract Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel);

    /// <summary>A list option as one key part, so [a, b] and [a,b] agree and [a] and [b] do not.</summary>
    protected static string Joined(IReadOnlyList<string> values) => string.Join('\u001e', values);
}

/// <summary>What a source's fetch may use: the transport (timeouts, retries, redirects kept on the host), the environment and the deploy.</summary>
public sealed class IncidentFetchContext(ApiTransport transport, IReadOnlyDictionary<string, string> environment, DeployContext deploy)
{
    public ApiTransport Transport { get; } = transport;
    public IReadOnlyDictionary<string, string> Environment { get; } = environment;
    public DeployContext Deploy { get; } = deploy;

    /// <summary>
    /// The token from the source's token_env, else its kind's first default variable. A missing token is an error when
    /// the kind requires one or the policy named the variable; otherwise the call goes without one.
    /// </summary>
    public string? Token(IncidentSource source, bool required)
    {
        var variable = source.TokenEnv ?? (source.Kind.DefaultTokenVariables is [var first, ..] ? first : null);
        if (variable is null) return null;
        if (Environment.TryGetValue(variable, out var token) && !string.IsNullOrWhiteSpace(token)) return token.Trim();
        if (required || source.TokenEnv is not null)
        {
            throw new ApiException($"the environment variable {variable} (token_env) is not set or empty");
        }
        return null;
    }
}
