using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Reliability;

/// <summary>
/// Faults of an incident API seen through the whole CLI: each gives the rule's on_error behaviour (block: a blocking
/// finding naming the source and the error; allow: a warning) within a bounded time, never a crash or a pass by accident.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class NetworkFaultTests : IDisposable
{
    private readonly TempFolder _workspace = new("pg-net-");

    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    // Faults that answer at once get a generous timeout, so a loaded runner's slow retry cannot turn the expected error into a timeout.
    private CliRunner.Result Check(Uri url, string onError, string timeout)
    {
        _workspace.Write("policy.yml", $"""
            version: 1
            rules:
              - id: no-open-incidents
                severity: high
                enforcement: block
                incident:
                  source: http-json
                  url: {url}
                  timeout: {timeout}
                  retries: 1
                  on_error: {onError}
            """);
        return CliRunner.InDirectory(_workspace.Path, new Dictionary<string, string?> { ["NO_COLOR"] = "1" },
            "check", "--policy", "policy.yml", "--now", "2026-11-21T10:00:00Z");
    }

    private void ShouldFollowOnError(Uri url, string expectedError, string timeout = "500ms")
    {
        var clock = Stopwatch.StartNew();
        var blocked = Check(url, "block", timeout);
        blocked.ExitCode.ShouldBe(1, blocked.Out + blocked.Error);
        blocked.Out.ShouldContain("BLOCK no-open-incidents");
        blocked.Out.ShouldContain("could not be read");
        blocked.Out.ShouldContain(expectedError);

        var allowed = Check(url, "allow", timeout);
        allowed.ExitCode.ShouldBe(0, allowed.Out + allowed.Error);
        allowed.Out.ShouldContain("WARN no-open-incidents");
        allowed.Out.ShouldContain(expectedError);
        clock.Elapsed.ShouldBeLessThan(s_bound * 2);
    }

    [Fact]
    public async Task A_refused_connection_follows_on_error()
    {
        Uri url;
        await using (var server = await FakeApiServer.StartAsync(_ => Task.CompletedTask)) url = server.Url("/incidents");
        ShouldFollowOnError(url, "connection failed");
    }

    [Fact]
    public async Task A_connection_reset_in_the_middle_of_the_body_follows_on_error()
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = 10_000;
            await ctx.Response.WriteAsync("[{\"id\":\"INC-1\",");
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        ShouldFollowOnError(server.Url("/incidents"), "GET " + server.Url("/incidents"));
    }

    [Fact]
    public async Task A_body_that_trickles_slower_than_the_timeout_follows_on_error()
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("[");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        ShouldFollowOnError(server.Url("/incidents"), "no response within 500 ms");
    }

    [Fact]
    public async Task Server_errors_with_Retry_After_are_retried_a_bounded_number_of_times_then_follow_on_error()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "{\"message\":\"down\"}", 503, ("Retry-After", "1")));
        ShouldFollowOnError(server.Url("/incidents"), "HTTP 503", timeout: "5s");
        // Two runs, each one try and one retry.
        server.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_429_asking_to_wait_longer_than_the_cap_follows_on_error_at_once()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, "{\"message\":\"slow down\"}", 429, ("Retry-After", "3600")));
        var clock = Stopwatch.StartNew();
        ShouldFollowOnError(server.Url("/incidents"), "429");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_with_a_self_signed_certificate_follows_on_error()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using var app = builder.Build();
        app.Run(ctx => FakeApiServer.Json(ctx, "[]"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), "/incidents");
        url.Scheme.ShouldBe("https");

        ShouldFollowOnError(url, "GET " + url);
        await app.StopAsync();
    }

    public void Dispose() => _workspace.Dispose();
}
