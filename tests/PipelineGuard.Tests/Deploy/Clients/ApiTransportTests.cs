using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy.Clients;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class ApiTransportTests
{
    private static ApiTransport Transport(HttpClient http, ApiCallOptions? options = null) => new(http, options ?? DeployTestKit.FastCalls);

    private static Func<HttpRequestMessage> Get(FakeApiServer server, string path) => () => new HttpRequestMessage(HttpMethod.Get, server.Url(path));

    [Fact]
    public async Task A_server_error_is_retried_and_the_second_answer_is_used()
    {
        var calls = 0;
        await using var server = await FakeApiServer.StartAsync(ctx =>
            Interlocked.Increment(ref calls) == 1
                ? FakeApiServer.Json(ctx, """{"message":"Server Error"}""", 502)
                : FakeApiServer.Json(ctx, "[]"));
        using var http = new HttpClient();
        using var response = await Transport(http).SendAsync(Get(server, "/x"), CancellationToken.None);
        ((int)response.StatusCode).ShouldBe(200);
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_error_names_the_request_and_status()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "{}", 503));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http, DeployTestKit.FastCalls with { Retries = 2 }).SendAsync(Get(server, "/status?secret=1"), CancellationToken.None));
        ex.Message.ShouldBe($"GET {server.Url("/status")}: HTTP 503 Service Unavailable");
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_says_what_to_check()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{"message":"Not Found"}""", 404));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http).SendAsync(Get(server, "/missing"), CancellationToken.None));
        ex.Message.ShouldContain("HTTP 404 Not Found: check the URL");
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_fails_after_the_bounded_attempts()
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!ctx.RequestAborted.IsCancellationRequested) await FakeApiServer.Json(ctx, "[]");
        });
        using var counter = new CountingHandler();
        using var http = new HttpClient(counter);
        var options = DeployTestKit.FastCalls with { Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 };
        var clock = Stopwatch.StartNew();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http, options).SendAsync(Get(server, "/slow"), CancellationToken.None));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        ex.Message.ShouldBe($"GET {server.Url("/slow")}: no response within 200 ms (2 attempts)");
        counter.Sent.ShouldBe(2);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_retried()
    {
        var calls = 0;
        await using var server = await FakeApiServer.StartAsync(ctx =>
            Interlocked.Increment(ref calls) == 1
                ? FakeApiServer.Json(ctx, """{"message":"slow down"}""", 429, ("Retry-After", "1"))
                : FakeApiServer.Json(ctx, "[]"));
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        using var response = await Transport(http, DeployTestKit.FastCalls with { MaxRetryAfter = TimeSpan.FromSeconds(2) }).SendAsync(Get(server, "/x"), CancellationToken.None);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
        ((int)response.StatusCode).ShouldBe(200);
    }

    [Fact]
    public async Task A_GitHub_rate_limit_resetting_within_the_cap_is_waited_out()
    {
        var calls = 0;
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            if (Interlocked.Increment(ref calls) > 1) return FakeApiServer.Json(ctx, "[]");
            var reset = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return FakeApiServer.Json(ctx, """{"message":"API rate limit exceeded"}""", 403,
                ("x-ratelimit-limit", "60"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset));
        });
        using var http = new HttpClient();
        using var response = await Transport(http, DeployTestKit.FastCalls with { MaxRetryAfter = TimeSpan.FromSeconds(2) }).SendAsync(Get(server, "/x"), CancellationToken.None);
        ((int)response.StatusCode).ShouldBe(200);
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task A_plain_403_without_rate_limit_headers_is_a_permission_error_and_not_retried()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{"message":"Resource not accessible by integration"}""", 403));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http).SendAsync(Get(server, "/x"), CancellationToken.None));
        ex.Message.ShouldContain("HTTP 403 Forbidden: the token lacks the permission");
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_rate_limit_wait_longer_than_the_cap_fails_at_once_and_says_how_long()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx,
            """{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""",
            403, ("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)));
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http).SendAsync(Get(server, "/x"), CancellationToken.None));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        ex.Message.ShouldContain("rate limited (HTTP 403), the server asks to wait");
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_connection_is_an_api_error_not_a_crash()
    {
        Uri url;
        await using (var server = await FakeApiServer.StartAsync(ctx => Task.CompletedTask)) url = server.Url("/gone");
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => Transport(http).SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None));
        ex.Message.ShouldContain("connection failed (2 attempts)");
    }

    [Fact]
    public async Task Malformed_JSON_is_an_api_error_naming_the_request()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{"incidents": [ {"id": "x", """));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() =>
            Transport(http).GetJsonAsync(Get(server, "/api/v2/summary.json"), ApiJsonContext.Default.StatuspageSummary, CancellationToken.None));
        ex.Message.ShouldStartWith($"GET {server.Url("/api/v2/summary.json")}: malformed JSON");
    }

    [Fact]
    public void The_next_page_comes_from_the_Link_header()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link",
            "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"");
        ApiTransport.NextLink(response.Headers).ShouldBe(new Uri("https://api.github.com/repositories/1/issues?page=2"));
        using var last = new HttpResponseMessage();
        last.Headers.TryAddWithoutValidation("Link", "<https://api.github.com/repositories/1/issues?page=1>; rel=\"prev\", <https://api.github.com/repositories/1/issues?page=1>; rel=\"first\"");
        ApiTransport.NextLink(last.Headers).ShouldBeNull();
    }

    [Fact]
    public async Task A_slow_body_after_fast_headers_still_counts_against_the_timeout()
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("[");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() =>
            Transport(http, DeployTestKit.FastCalls with { Retries = 0, Timeout = TimeSpan.FromMilliseconds(300) }).SendAsync(Get(server, "/trickle"), CancellationToken.None));
        ex.Message.ShouldContain("no response within 300 ms (1 attempt)");
    }
}
