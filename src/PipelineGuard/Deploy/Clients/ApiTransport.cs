using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PipelineGuard.Deploy.Clients;

/// <summary>How patient one API call is: per-attempt timeout, bounded retries and the longest Retry-After honoured.</summary>
public sealed record ApiCallOptions(TimeSpan Timeout, int Retries, TimeSpan RetryDelay, TimeSpan MaxRetryAfter)
{
    public static ApiCallOptions Default { get; } = new(TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>Pages followed at most, so a looping Link header cannot keep the guard busy forever.</summary>
    public int MaxPages { get; init; } = 50;
}

/// <summary>An API call that failed. The message names the request and the reason, never a token.</summary>
public sealed class ApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// HttpClient behind a Polly pipeline: each attempt has a timeout; timeouts, connection errors,
/// 5xx, 408, 429 and rate-limited 403s are retried a bounded number of times, waiting as long as
/// Retry-After or x-ratelimit-reset asks when that is within the cap.
/// </summary>
public sealed class ApiTransport
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _clock;

    public ApiTransport(HttpClient http, ApiCallOptions options, TimeProvider? clock = null)
    {
        _http = http;
        _clock = clock ?? TimeProvider.System;
        Options = options;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = options.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(options.Retries > 0 && ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? ServerDelay(r) : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    public ApiCallOptions Options { get; }

    /// <summary>Sends the request (rebuilt for each attempt) and returns a successful response, or throws <see cref="ApiException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancel)
    {
        string? described = null;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async ct =>
            {
                using var message = request();
                described ??= Describe(message);
                return await SendFollowingRedirectsAsync(message, described, ct).ConfigureAwait(false);
            }, cancel).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ApiException($"{described}: no response within {Seconds(Options.Timeout)} ({Attempts})", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException($"{described}: {ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name not found",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                _ => "request failed",
            }} ({Attempts})", null, ex);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var status = (int)response.StatusCode;
            var reason = IsRateLimited(response)
                ? $"rate limited (HTTP {status}){(ServerDelay(response) is { } wait ? $", the server asks to wait {Seconds(wait)}" : "")}"
                : status switch
                {
                    401 => "HTTP 401 Unauthorized: the token is missing, wrong or expired",
                    403 => "HTTP 403 Forbidden: the token lacks the permission for this",
                    404 => "HTTP 404 Not Found: check the URL, repository or project, and that the token can see it",
                    _ => $"HTTP {status} {response.ReasonPhrase}",
                };
            throw new ApiException($"{described}: {reason}", response.StatusCode);
        }
    }

    /// <summary>Redirects followed at most for one request.</summary>
    public const int MaxRedirects = 5;

    /// <summary>
    /// Sends one request, following redirects here rather than in the handler: a request carrying a token
    /// follows a redirect only to the same scheme, host and port, so the token never reaches another host.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage message, string described, CancellationToken ct)
    {
        RefuseInsecureCredential(message, described);
        // The whole body is read inside the attempt, so a slow body counts against the timeout too.
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var current = message;
        var followed = new List<HttpRequestMessage>();
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                // A handler that followed a redirect on its own (AllowAutoRedirect) has already left the host: refuse the answer.
                if (response.RequestMessage?.RequestUri is { } answered && HasCredential(message) && !SameOrigin(message.RequestUri!, answered))
                {
                    response.Dispose();
                    throw new ApiException($"{described}: the answer came from another host ({answered.Host}); a token is sent only to {message.RequestUri!.Host}, so the answer is refused");
                }
                var status = (int)response.StatusCode;
                if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;
                var target = new Uri(current.RequestUri!, location);
                response.Dispose();
                if (redirects >= MaxRedirects) throw new ApiException($"{described}: more than {MaxRedirects} redirects");
                if (HasCredential(current) && !SameOrigin(current.RequestUri!, target))
                {
                    throw new ApiException($"{described}: redirected to another host ({target.GetLeftPart(UriPartial.Path)}); a token is sent only to the host it was configured for ({current.RequestUri!.Host}), so the redirect is refused");
                }
                var next = new HttpRequestMessage(status == 303 ? HttpMethod.Get : current.Method, target);
                foreach (var header in current.Headers) next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                if (current.Options.TryGetValue(CredentialHeaderKey, out var name)) next.Options.Set(CredentialHeaderKey, name);
                followed.Add(next);
                RefuseInsecureCredential(next, described);
                response = await _http.SendAsync(next, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                current = next;
            }
        }
        finally
        {
            foreach (var m in followed) m.Dispose();
        }
    }

    /// <summary>The option that names a request's custom credential header (an http-json source's token_header).</summary>
    public static readonly HttpRequestOptionsKey<string> CredentialHeaderKey = new("pipeline-guard.credential-header");

    /// <summary>Headers that carry a credential whatever the source says.</summary>
    private static readonly string[] s_credentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Private-Token", "X-Auth-Token"];

    /// <summary>Sets a token in a header of the source's choosing and marks the header as a credential.</summary>
    public static void SetCredentialHeader(HttpRequestMessage message, string name, string value)
    {
        message.Headers.TryAddWithoutValidation(name, value);
        message.Options.Set(CredentialHeaderKey, name);
    }

    public static bool HasCredential(HttpRequestMessage m) =>
        m.Headers.Authorization is not null ||
        (m.Options.TryGetValue(CredentialHeaderKey, out var name) && m.Headers.Contains(name)) ||
        s_credentialHeaders.Any(m.Headers.Contains);

    /// <summary>Same scheme, host and port: the only place a token may follow a redirect or a next-page link.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        a.Port == b.Port;

    /// <summary>localhost, 127.0.0.0/8 and ::1: the only hosts a token may reach over plain http.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void RefuseInsecureCredential(HttpRequestMessage m, string described)
    {
        if (m.RequestUri is { } uri && HasCredential(m) && !string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase) && !IsLoopback(uri))
        {
            throw new ApiException($"{described}: a token is never sent over plain {uri.Scheme} to {uri.Host}; use https (plain http is allowed only to localhost)");
        }
    }

    /// <summary>Sends a GET and deserialises the body with a source-generated contract.</summary>
    public async Task<(T Value, HttpResponseHeaders Headers)> GetJsonAsync<T>(Func<HttpRequestMessage> request, JsonTypeInfo<T> type, CancellationToken cancel)
    {
        using var response = await SendAsync(request, cancel).ConfigureAwait(false);
        var value = await ReadJsonAsync(response, type, cancel).ConfigureAwait(false);
        return (value, response.Headers);
    }

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancel)
    {
        var what = response.RequestMessage is { } m ? Describe(m) : "response";
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancel).ConfigureAwait(false)
                    ?? throw new ApiException($"{what}: the body is JSON null");
            }
        }
        catch (JsonException ex)
        {
            throw new ApiException($"{what}: malformed JSON ({ex.Message})", null, ex);
        }
    }

    private string Attempts => Options.Retries == 0 ? "1 attempt" : $"{Options.Retries + 1} attempts";

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } r) return false;
        var status = (int)r.StatusCode;
        if (IsRateLimited(r))
        {
            // A wait longer than the cap fails now rather than stalling the pipeline.
            return ServerDelay(r) is not { } wait || wait <= Options.MaxRetryAfter;
        }
        return status is 408 or 500 or 502 or 503 or 504;
    }

    private static bool IsRateLimited(HttpResponseMessage r)
    {
        var status = (int)r.StatusCode;
        if (status == 429) return true;
        if (status != 403) return false;
        return r.Headers.RetryAfter is not null || Header(r, "x-ratelimit-remaining") == "0";
    }

    /// <summary>How long the server asked to wait: Retry-After (seconds or a date), else x-ratelimit-reset when no requests remain.</summary>
    private TimeSpan? ServerDelay(HttpResponseMessage r)
    {
        var now = _clock.GetUtcNow();
        if (r.Headers.RetryAfter is { } ra)
        {
            if (ra.Delta is { } delta) return Clamp(delta);
            if (ra.Date is { } date) return Clamp(date - now);
        }
        if (Header(r, "x-ratelimit-remaining") == "0" &&
            long.TryParse(Header(r, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(reset) - now);
        }
        return null;
    }

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>"GET https://host/path" without the query string, which could carry identifiers a log should not keep.</summary>
    public static string Describe(HttpRequestMessage m) =>
        $"{m.Method} {m.RequestUri?.GetLeftPart(UriPartial.Path)}";

    private static string Seconds(TimeSpan t) =>
        t.TotalSeconds >= 1 ? $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s" : $"{(int)t.TotalMilliseconds} ms";

    /// <summary>The URL of the next page from an RFC 8288 Link header (GitHub paging), or null on the last page.</summary>
    public static Uri? NextLink(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var segments = part.Split(';', StringSplitOptions.TrimEntries);
                if (segments.Length < 2) continue;
                var target = segments[0];
                if (!target.StartsWith('<') || !target.EndsWith('>')) continue;
                if (segments.Skip(1).Any(s => s.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                {
                    return Uri.TryCreate(target[1..^1], UriKind.Absolute, out var uri) ? uri : null;
                }
            }
        }
        return null;
    }

    /// <summary>A bearer or other credential header, built only where the request is made.</summary>
    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
