using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Deploy.Incidents.Sources;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy;

/// <summary>Every network incident source turns each way a server can fail into an error result, never an empty list.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public class IncidentSourceFailureTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in new[] { "statuspage", "github-issues", "azure-boards", "pagerduty", "http-json" })
        {
            foreach (var failure in new[] { "slow", "malformed", "server-error", "wrong-shape" }) data.Add(source, failure);
        }
        return data;
    }

    private static IncidentSource Source(string kind, FakeApiServer server) => kind switch
    {
        "statuspage" => new StatuspageIncidentSource(server.Url("/status")),
        "github-issues" => new GitHubIssuesIncidentSource("acme/ops", ["incident"]),
        "azure-boards" => new AzureBoardsIncidentSource(server.Url("/contoso/Ops"), "SELECT [System.Id] FROM WorkItems"),
        "pagerduty" => new PagerDutyIncidentSource(server.Url("/pd"), [], []) { TokenEnv = "PD_TOKEN" },
        _ => new HttpJsonIncidentSource(server.Url("/incidents"), HttpJsonMapping.Default, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failing_server_gives_an_error_result_naming_the_request(string kind, string failure)
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            switch (failure)
            {
                case "slow":
                    await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                case "malformed":
                    await FakeApiServer.Json(ctx, "{\"incidents\": [ {\"id\": ");
                    break;
                case "server-error":
                    await FakeApiServer.Json(ctx, "{\"message\": \"boom\"}", 500);
                    break;
                default:
                    // Valid JSON of the wrong shape: a string where a list or object belongs.
                    await FakeApiServer.Json(ctx, "\"maintenance\"");
                    break;
            }
        });
        var env = new Dictionary<string, string> { ["GITHUB_API_URL"] = server.BaseUri.ToString(), ["PD_TOKEN"] = "pd" };
        using var http = new HttpClient();
        var calls = new ApiCallOptions(TimeSpan.FromMilliseconds(failure == "slow" ? 200 : 5000), 0, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        var result = await new IncidentFetcher(http, env, calls).FetchOneAsync(Source(kind, server), DeployContext.Empty, CancellationToken.None);

        result.Incidents.ShouldBeEmpty();
        result.Error.ShouldNotBeNull();
        // Azure Boards starts with the WIQL POST; every other source with a GET.
        result.Error.ShouldStartWith((kind == "azure-boards" ? "POST " : "GET ") + server.BaseUri.ToString().TrimEnd('/'));
        result.Error.ShouldContain(failure switch
        {
            "slow" => "no response within 200 ms",
            "server-error" => "HTTP 500",
            "malformed" => "malformed JSON",
            _ => kind == "http-json" ? "is not a JSON array" : "malformed JSON",
        });
    }
}
