using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Approvals;

/// <summary>
/// Action-level approvals through <c>check</c> on an Azure Pipelines pull request build, against a loopback server
/// shaped like Azure DevOps' pull request threads API (api-version 7.1): the request is one thread's first comment.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ActionApprovalAzureDevOpsTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-approval-ado-" + Guid.NewGuid().ToString("N"));
    private FakeAzurePullRequest _azure = null!;

    private const string Policy = """
        version: 1
        teams:
          dba: [dana@acme.example, erin@acme.example, paul@acme.example]
        rules:
          - id: prod-destructive-migration
            description: Destructive production migrations need a DBA's approval of exactly this change.
            severity: high
            enforcement: block
            when: { environments: [production] }
            sql:
              forbid: [drop-table]
            override:
              action_approval:
                min: 1
                teams: [dba]
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "db", "migrations"));
        _azure = await FakeAzurePullRequest.StartAsync();
        Write(".pipeline-guard.yml", Policy);
        Write("db/migrations/0042_drop_legacy_orders.sql", "DROP TABLE legacy_orders;\n");
        var sha = "89abcdef0123456789abcdef0123456789abcdef";
        Write("ctx.json", JsonSerializer.Serialize(new
        {
            environment = "production",
            actor = "paul@acme.example",
            platform = "azure-pipelines",
            commit = new { sha, message = "Drop the legacy orders table", author = "paul@acme.example", authorEmail = "paul@acme.example" },
            pullRequest = new { number = FakeAzurePullRequest.PullRequestId, author = "paul@acme.example", headSha = sha },
        }));
    }

    public async Task DisposeAsync() => await _azure.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_dir, name), content);

    private Dictionary<string, string?> Env => new()
    {
        ["SYSTEM_COLLECTIONURI"] = _azure.Server.Url("acme/").AbsoluteUri,
        ["SYSTEM_TEAMPROJECT"] = FakeAzurePullRequest.Project,
        ["BUILD_REPOSITORY_ID"] = FakeAzurePullRequest.RepositoryId,
        ["SYSTEM_ACCESSTOKEN"] = "ado-test-token-456",
        ["NO_COLOR"] = "1",
    };

    private CliRunner.Result Check() =>
        CliRunner.InDirectory(_dir, Env, "check", "--context", "ctx.json", "--migrations", "db/migrations", "--json", "report.json", "--audit-log", "audit.jsonl");

    private JsonElement Report() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;

    private string Digest() => Report().GetProperty("approval").GetProperty("digest").GetString()!;

    private JsonElement[] Approvals() =>
        [.. Report().GetProperty("approval").GetProperty("rules")[0].GetProperty("approvals").EnumerateArray()];

    private string RequestAction() => Report().GetProperty("approval").GetProperty("requests")[0].GetProperty("action").GetString()!;

    private List<string> RequestThreads() =>
    [
        .. _azure.Threads.Select(t => t["comments"]![0]!["content"]!.GetValue<string>())
            .Where(c => c.Contains("pipeline-guard:approval-request", StringComparison.Ordinal)),
    ];

    [Fact]
    public void One_request_thread_is_posted_and_re_runs_update_its_comment_in_place()
    {
        var first = Check();
        first.ExitCode.ShouldBe(1, first.Out + first.Error);
        RequestAction().ShouldBe("created");
        var digest = Digest();
        var body = RequestThreads().ShouldHaveSingleItem();
        body.ShouldContain($"/pipeline-guard approve {digest[..12]} <reason>");
        body.ShouldContain("0042_drop_legacy_orders.sql");
        body.ShouldContain("prod-destructive-migration");
        var post = _azure.Server.Requests.Single(r => r.Method == "POST");
        post.Headers["Authorization"].ShouldBe("Basic " + Convert.ToBase64String(":ado-test-token-456"u8.ToArray()));

        Check();
        RequestAction().ShouldBe("unchanged");

        _azure.Comment("paul@acme.example", "Paul Author", $"/pipeline-guard approve {digest[..12]} mine, trust me");
        Check();
        RequestAction().ShouldBe("updated");
        RequestThreads().ShouldHaveSingleItem().ShouldContain("refused");
        _azure.Server.Requests.Count(r => r.Method == "POST").ShouldBe(1);
        var patch = _azure.Server.Requests.Where(r => r.Method == "PATCH").ShouldHaveSingleItem();
        patch.PathAndQuery.ShouldStartWith(FakeAzurePullRequest.ThreadsPath + "/1/comments/1?");
    }

    [Fact]
    public void An_eligible_dba_comment_in_a_thread_lifts_the_block()
    {
        Check().ExitCode.ShouldBe(1);
        var digest = Digest();
        _azure.Comment("dana@acme.example", "Dana DBA", $"Backup checked.\n/pipeline-guard approve {digest[..16]} backup verified, table unused");
        var result = Check();
        result.ExitCode.ShouldBe(0, result.Out);
        var finding = Report().GetProperty("findings")[0];
        finding.GetProperty("outcome").GetString().ShouldBe("overridden");
        finding.GetProperty("override").GetProperty("by").GetString().ShouldBe("dana@acme.example");
        var used = Approvals().ShouldHaveSingleItem();
        used.GetProperty("verdict").GetString().ShouldBe("used");
        used.GetProperty("source").GetString().ShouldBe("azure-devops-comment");
        used.GetProperty("reason").GetString().ShouldBe("backup verified, table unused");
        RequestThreads().ShouldHaveSingleItem().ShouldContain("approved by dana@acme.example");
        var audit = File.ReadAllLines(Path.Combine(_dir, "audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Last(r => r.TryGetProperty("approvals", out _));
        audit.GetProperty("approvals")[0].GetProperty("approver").GetString().ShouldBe("dana@acme.example");
    }

    [Fact]
    public void The_author_approving_their_own_change_in_a_thread_is_refused()
    {
        Check();
        _azure.Comment("paul@acme.example", "Paul Author", $"/pipeline-guard approve {Digest()[..12]} it is fine");
        Check().ExitCode.ShouldBe(1);
        var refused = Approvals().ShouldHaveSingleItem();
        refused.GetProperty("verdict").GetString().ShouldBe("refused");
        refused.GetProperty("why").GetString()!.ShouldStartWith("self-approval: paul@acme.example");
    }

    [Fact]
    public void An_approval_in_a_thread_goes_stale_when_the_migration_changes()
    {
        Check();
        var digest = Digest();
        _azure.Comment("dana@acme.example", "Dana DBA", $"/pipeline-guard approve {digest[..12]} reviewed");
        Check().ExitCode.ShouldBe(0);
        Write("db/migrations/0042_drop_legacy_orders.sql", "DROP TABLE legacy_orders;\nDROP TABLE legacy_invoices;\n");
        var result = Check();
        result.ExitCode.ShouldBe(1, result.Out);
        Digest().ShouldNotBe(digest);
        var stale = Approvals().ShouldHaveSingleItem();
        stale.GetProperty("verdict").GetString().ShouldBe("stale");
        stale.GetProperty("why").GetString()!.ShouldContain("migration db/migrations/0042_drop_legacy_orders.sql changed");
        RequestThreads().Count.ShouldBe(1);
    }
}
