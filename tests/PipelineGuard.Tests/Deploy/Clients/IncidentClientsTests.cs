using Microsoft.AspNetCore.Http;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Deploy.Incidents;
using PipelineGuard.Tests.Deploy.Support;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Deploy.Clients;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class StatuspageClientTests
{
    public static string Summary => File.ReadAllText(RepoPaths.InRepo("tests", "PipelineGuard.Tests", "Fixtures", "deploy", "statuspage-summary.json"));

    [Fact]
    public async Task Unresolved_incidents_come_with_their_impact_status_and_component_names()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, Summary));
        using var http = new HttpClient();
        var incidents = await new StatuspageClient(new ApiTransport(http, DeployTestKit.FastCalls)).GetIncidentsAsync(server.Url("/"), CancellationToken.None);
        incidents.Select(i => (i.Id, i.Impact, i.Status, string.Join(",", i.Services), i.Title, i.Url)).ShouldBe([
            ("cp306tmzcl0y", "critical", "identified", "Payments API", "Card payments failing", "https://stspg.io/abc123"),
            ("yd4qhp1ct7x2", "minor", "monitoring", "Search", "Search results delayed", "https://stspg.io/def456"),
        ]);
        server.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/api/v2/summary.json");
    }

    [Fact]
    public void A_page_root_or_the_summary_URL_itself_both_reach_summary_json()
    {
        StatuspageClient.SummaryUrl(new Uri("https://status.acme.example")).ShouldBe(new Uri("https://status.acme.example/api/v2/summary.json"));
        StatuspageClient.SummaryUrl(new Uri("https://status.acme.example/api/v2/summary.json")).ShouldBe(new Uri("https://status.acme.example/api/v2/summary.json"));
    }

    [Fact]
    public async Task An_HTML_error_page_instead_of_JSON_is_reported_as_malformed()
    {
        await using var server = await FakeApiServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body>Maintenance</body></html>");
        });
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => new StatuspageClient(new ApiTransport(http, DeployTestKit.FastCalls)).GetIncidentsAsync(server.Url("/"), CancellationToken.None));
        ex.Message.ShouldContain("malformed JSON");
    }
}

[Trait(TestCategories.Key, TestCategories.Slow)]
public class PagerDutyClientTests
{
    private static string Incident(string id, int number, string status, string urgency, string? priority, string service) => $$"""
        {
          "id": "{{id}}", "type": "incident", "summary": "[#{{number}}] The server is on fire.",
          "self": "https://api.pagerduty.com/incidents/{{id}}", "html_url": "https://acme.pagerduty.com/incidents/{{id}}",
          "incident_number": {{number}}, "title": "The server is on fire.", "created_at": "2026-11-21T09:00:00Z", "updated_at": "2026-11-21T09:10:00Z",
          "status": "{{status}}", "incident_key": "baf7cf21b1da41b4b0221008339ff357",
          "service": { "id": "PIJ90N7", "type": "service_reference", "summary": "{{service}}", "self": "https://api.pagerduty.com/services/PIJ90N7", "html_url": "https://acme.pagerduty.com/service-directory/PIJ90N7" },
          "assignments": [], "assigned_via": "escalation_policy", "last_status_change_at": "2026-11-21T09:10:00Z",
          "first_trigger_log_entry": { "id": "Q02JTSNZWHSEKV", "type": "trigger_log_entry_reference" },
          "escalation_policy": { "id": "PT20YPA", "type": "escalation_policy_reference", "summary": "Another Escalation Policy" },
          "teams": [], "alert_counts": { "all": 2, "triggered": 1, "resolved": 1 },
          "urgency": "{{urgency}}",
          "priority": {{(priority is null ? "null" : $$"""{ "id": "P53ZZH5", "type": "priority_reference", "summary": "{{priority}}" }""")}}
        }
        """;

    [Fact]
    public async Task Incidents_are_paged_by_offset_and_mapped_from_priority_and_urgency()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            var offset = ctx.Request.Query["offset"].ToString();
            return offset == "0"
                ? FakeApiServer.Json(ctx, $$"""{ "incidents": [{{Incident("PT4KHLK", 1234, "triggered", "high", "P1", "Payments")}}], "limit": 100, "offset": 0, "total": null, "more": true }""")
                : FakeApiServer.Json(ctx, $$"""{ "incidents": [{{Incident("PT4KHLM", 1235, "acknowledged", "low", null, "Search")}}], "limit": 100, "offset": 100, "total": null, "more": false }""");
        });
        using var http = new HttpClient();
        var client = new PagerDutyClient(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/"), "pd_secret_token");
        var incidents = await client.GetIncidentsAsync([], [], CancellationToken.None);
        incidents.Select(i => (i.Id, i.Impact, i.Status, string.Join(",", i.Services))).ShouldBe([
            ("1234", "critical", "triggered", "Payments,PIJ90N7"),
            ("1235", "minor", "acknowledged", "Search,PIJ90N7"),
        ]);
        server.Requests.Count.ShouldBe(2);
        var first = server.Requests[0];
        Uri.UnescapeDataString(first.PathAndQuery).ShouldBe("/incidents?limit=100&offset=0&statuses[]=triggered&statuses[]=acknowledged");
        first.Headers["Authorization"].ShouldBe("Token token=pd_secret_token");
        first.Headers["Accept"].ShouldBe("application/vnd.pagerduty+json;version=2");
        server.Requests[1].PathAndQuery.ShouldContain("offset=100");
    }

    [Fact]
    public async Task Service_ids_are_passed_as_a_filter()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{ "incidents": [], "limit": 100, "offset": 0, "total": null, "more": false }"""));
        using var http = new HttpClient();
        await new PagerDutyClient(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/"), "t").GetIncidentsAsync(["triggered"], ["PIJ90N7"], CancellationToken.None);
        Uri.UnescapeDataString(server.Requests.ShouldHaveSingleItem().PathAndQuery).ShouldBe("/incidents?limit=100&offset=0&statuses[]=triggered&service_ids[]=PIJ90N7");
    }

    [Fact]
    public async Task An_unauthorised_token_is_an_error_without_the_token_in_it()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{ "error": { "message": "Unauthorized", "code": 2006 } }""", 401));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => new PagerDutyClient(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/"), "pd_secret_token").GetIncidentsAsync([], [], CancellationToken.None));
        ex.Message.ShouldContain("401");
        ex.ToString().ShouldNotContain("pd_secret_token");
    }
}

[Trait(TestCategories.Key, TestCategories.Slow)]
public class AzureDevOpsClientTests
{
    [Fact]
    public async Task Reviewer_votes_of_10_and_5_approve_and_group_votes_are_skipped()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """
            {
              "value": [
                { "reviewerUrl": "https://dev.azure.com/contoso/_apis/git/repositories/3411ebc1/pullRequests/17/reviewers/d6245f20", "vote": 10, "hasDeclined": false, "isFlagged": false,
                  "displayName": "Bob Reviewer", "url": "https://dev.azure.com/contoso/_apis/Identities/d6245f20", "id": "d6245f20", "uniqueName": "bob@contoso.com", "imageUrl": "https://x" },
                { "reviewerUrl": "https://x", "vote": 5, "hasDeclined": false, "isFlagged": false, "displayName": "Carol", "id": "c1", "uniqueName": "carol@contoso.com" },
                { "reviewerUrl": "https://x", "vote": -5, "displayName": "Dave", "id": "d1", "uniqueName": "dave@contoso.com" },
                { "reviewerUrl": "https://x", "vote": -10, "displayName": "Erin", "id": "e1", "uniqueName": "erin@contoso.com" },
                { "reviewerUrl": "https://x", "vote": 0, "isRequired": true, "displayName": "Frank", "id": "f1", "uniqueName": "frank@contoso.com" },
                { "reviewerUrl": "https://x", "vote": 10, "displayName": "[Payments]\\Payments Team", "id": "g1", "uniqueName": "vstfs:///Classification/TeamProject/1\\Payments Team", "isContainer": true,
                  "votedFor": [ { "vote": 10, "displayName": "Bob Reviewer", "id": "d6245f20", "uniqueName": "bob@contoso.com" } ] }
              ],
              "count": 6
            }
            """));
        using var http = new HttpClient();
        var client = new AzureDevOpsClient(new ApiTransport(http, DeployTestKit.FastCalls), "ado_pat_secret");
        var decisions = await client.GetReviewerVotesAsync(server.Url("/contoso/"), "Payments Team", "3411ebc1", 17, CancellationToken.None);
        decisions.ShouldBe([
            new Approval("bob@contoso.com", "approved", "azure-devops"),
            new Approval("carol@contoso.com", "approved", "azure-devops"),
            new Approval("dave@contoso.com", "waiting_for_author", "azure-devops"),
            new Approval("erin@contoso.com", "rejected", "azure-devops"),
        ]);
        var request = server.Requests.ShouldHaveSingleItem();
        request.PathAndQuery.ShouldBe("/contoso/Payments%20Team/_apis/git/repositories/3411ebc1/pullRequests/17/reviewers?api-version=7.1");
        request.Headers["Authorization"].ShouldBe("Basic " + Convert.ToBase64String("\u003aado_pat_secret"u8.ToArray()));
    }

    [Fact]
    public async Task A_WIQL_query_is_posted_and_its_work_items_fetched_in_a_batch()
    {
        await using var server = await FakeApiServer.StartAsync(ctx =>
        {
            if (ctx.Request.Method == "POST")
            {
                return FakeApiServer.Json(ctx, """
                    {
                      "queryType": "flat", "queryResultType": "workItem", "asOf": "2026-11-21T09:00:00.000Z",
                      "columns": [ { "referenceName": "System.Id", "name": "ID", "url": "https://dev.azure.com/contoso/_apis/wit/fields/System.Id" } ],
                      "workItems": [ { "id": 300, "url": "https://dev.azure.com/contoso/_apis/wit/workItems/300" }, { "id": 301, "url": "https://dev.azure.com/contoso/_apis/wit/workItems/301" } ]
                    }
                    """);
            }
            return FakeApiServer.Json(ctx, """
                {
                  "count": 2,
                  "value": [
                    { "id": 300, "rev": 3, "fields": { "System.Id": 300, "System.Title": "Checkout errors", "System.State": "Active", "System.Tags": "incident; service:payments", "Microsoft.VSTS.Common.Severity": "1 - Critical" }, "url": "https://dev.azure.com/contoso/_apis/wit/workItems/300" },
                    { "id": 301, "rev": 1, "fields": { "System.Id": 301, "System.Title": "Old one", "System.State": "Closed", "System.Tags": "incident" }, "url": "https://dev.azure.com/contoso/_apis/wit/workItems/301" }
                  ]
                }
                """);
        });
        using var http = new HttpClient();
        var client = new AzureDevOpsClient(new ApiTransport(http, DeployTestKit.FastCalls), "ado_pat_secret");
        const string wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'incident' AND [System.State] <> 'Closed'";
        var incidents = await client.QueryIncidentsAsync(server.Url("/contoso/Payments"), wiql, CancellationToken.None);
        var incident = incidents.ShouldHaveSingleItem();
        (incident.Id, incident.Impact, incident.Status, string.Join(",", incident.Services), incident.Title).ShouldBe(("300", "critical", "Active", "payments", "Checkout errors"));
        server.Requests[0].Method.ShouldBe("POST");
        server.Requests[0].PathAndQuery.ShouldBe("/contoso/Payments/_apis/wit/wiql?api-version=7.1&$top=1000");
        server.Requests[0].Body.ShouldBe($$"""{"query":"{{wiql}}"}""".Replace("'", "\\u0027", StringComparison.Ordinal).Replace("<>", "\\u003C\\u003E", StringComparison.Ordinal));
        server.Requests[1].PathAndQuery.ShouldStartWith("/contoso/Payments/_apis/wit/workitems?ids=300,301&fields=");
    }

    [Fact]
    public async Task A_WIQL_syntax_error_is_reported_with_its_status()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx,
            """{ "$id": "1", "innerException": null, "message": "TF51005: The query references a field that does not exist.", "typeName": "Microsoft.TeamFoundation.WorkItemTracking.Server.Queries.QueryException", "typeKey": "QueryException", "errorCode": 0, "eventId": 3200 }""", 400));
        using var http = new HttpClient();
        var ex = await Should.ThrowAsync<ApiException>(() => new AzureDevOpsClient(new ApiTransport(http, DeployTestKit.FastCalls), null)
            .QueryIncidentsAsync(server.Url("/contoso/Payments"), "SELECT nonsense", CancellationToken.None));
        ex.Message.ShouldContain("HTTP 400");
        server.Requests.Count.ShouldBe(1);
    }
}

[Trait(TestCategories.Key, TestCategories.Slow)]
public class HttpJsonSourceTests
{
    [Fact]
    public async Task Items_are_mapped_through_dotted_paths_and_the_token_goes_in_the_named_header()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """
            { "data": { "open": [
              { "key": "OPS-1", "sev": "SEV-1", "state": "open", "affects": ["payments", "checkout"], "summary": "Checkout down", "link": "https://ops/1" },
              { "key": "OPS-2", "sev": "SEV-3", "state": "resolved", "affects": "search" },
              { "key": 3, "sev": "whatever", "state": "open", "affects": "search" }
            ] } }
            """));
        using var http = new HttpClient();
        var mapping = new HttpJsonMapping("data.open", "key", "sev", "state", "affects", "summary", "link");
        var source = new HttpJsonSource(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/incidents"), mapping, "opsgenie-key", "X-Api-Key");
        var incidents = await source.GetIncidentsAsync(CancellationToken.None);
        incidents.Select(i => (i.Id, i.Impact, i.Status, string.Join(",", i.Services), i.Title, i.Url)).ShouldBe([
            ("OPS-1", "critical", "open", "payments,checkout", "Checkout down", "https://ops/1"),
            ("3", "major", "open", "search", null, null),
        ]);
        server.Requests.ShouldHaveSingleItem().Headers["X-Api-Key"].ShouldBe("opsgenie-key");
    }

    [Fact]
    public async Task A_mapping_that_does_not_reach_an_array_is_an_error_naming_the_path()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """{ "data": { "open": 3 } }"""));
        using var http = new HttpClient();
        var source = new HttpJsonSource(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/incidents"), HttpJsonMapping.Default with { Items = "data.open" }, null, null);
        (await Should.ThrowAsync<ApiException>(() => source.GetIncidentsAsync(CancellationToken.None))).Message.ShouldContain("'data.open' is not a JSON array");
    }

    [Fact]
    public async Task Truncated_JSON_is_malformed()
    {
        await using var server = await FakeApiServer.StartAsync(ctx => FakeApiServer.Json(ctx, """[ { "id": 1 """));
        using var http = new HttpClient();
        var source = new HttpJsonSource(new ApiTransport(http, DeployTestKit.FastCalls), server.Url("/incidents"), HttpJsonMapping.Default, "tok", null);
        (await Should.ThrowAsync<ApiException>(() => source.GetIncidentsAsync(CancellationToken.None))).Message.ShouldContain("malformed JSON");
        server.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("Bearer tok");
    }
}
