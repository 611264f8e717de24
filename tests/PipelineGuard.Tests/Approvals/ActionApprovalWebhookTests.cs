using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Approvals;

/// <summary>
/// The Slack and Teams incoming-webhook messages of an approval request, against loopback webhooks that answer
/// like Slack's (POST JSON, "ok"): what they say, that the URL (a credential) is never printed, and that a
/// webhook that does not answer is reported, never passed over in silence.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ActionApprovalWebhookTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-approval-hook-" + Guid.NewGuid().ToString("N"));
    private FakeGitHubPullRequest _github = null!;
    private FakeWebhook _slack = null!;
    private FakeWebhook _teams = null!;
    private string _slackUrl = null!;
    private string _teamsUrl = null!;

    private const string Policy = """
        version: 1
        teams:
          dba: [dana, erin, paul]
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
                slack_webhook_env: PG_SLACK_WEBHOOK
                teams_webhook_env: PG_TEAMS_WEBHOOK
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "db", "migrations"));
        _github = await FakeGitHubPullRequest.StartAsync();
        _slack = await FakeWebhook.StartAsync();
        _teams = await FakeWebhook.StartAsync();
        _slackUrl = _slack.Url.AbsoluteUri;
        _teamsUrl = _teams.Url.AbsoluteUri;
        File.WriteAllText(Path.Combine(_dir, ".pipeline-guard.yml"), Policy);
        File.WriteAllText(Path.Combine(_dir, "db/migrations/0042_drop_legacy_orders.sql"), "DROP TABLE legacy_orders;\n");
        var sha = "0123456789abcdef0123456789abcdef01234567";
        File.WriteAllText(Path.Combine(_dir, "ctx.json"), JsonSerializer.Serialize(new
        {
            environment = "production",
            actor = "paul",
            platform = "github",
            repository = _github.Repository,
            commit = new { sha, message = "Drop the legacy orders table", author = "paul", authorEmail = "paul@acme.example" },
            pullRequest = new { number = _github.Number, author = "paul", headSha = sha },
        }));
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _slack.DisposeAsync();
        await _teams.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> Env(string? slack, string? teams) => new()
    {
        ["GITHUB_API_URL"] = _github.Server.BaseUri.AbsoluteUri.TrimEnd('/'),
        ["GITHUB_TOKEN"] = "gh-test-token-123",
        ["PG_SLACK_WEBHOOK"] = slack,
        ["PG_TEAMS_WEBHOOK"] = teams,
        ["NO_COLOR"] = "1",
    };

    private CliRunner.Result Check(string? slack, string? teams) =>
        CliRunner.InDirectory(_dir, Env(slack, teams), "check", "--context", "ctx.json", "--migrations", "db/migrations", "--json", "report.json", "--audit-log", "audit.jsonl");

    private string ReportText() => File.ReadAllText(Path.Combine(_dir, "report.json"));

    private JsonElement Report() => JsonDocument.Parse(ReportText()).RootElement;

    private string Digest() => Report().GetProperty("approval").GetProperty("digest").GetString()!;

    private JsonElement Request(string where) =>
        Report().GetProperty("approval").GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("where").GetString() == where);

    private string Everything(CliRunner.Result result) =>
        result.Out + result.Error + ReportText() + File.ReadAllText(Path.Combine(_dir, "audit.jsonl")) +
        string.Concat(_github.Comments.Select(c => c["body"]!.GetValue<string>()));

    private static void ShouldBeARequest(string text, string digest)
    {
        text.ShouldContain("prod-destructive-migration");
        text.ShouldContain("0042_drop_legacy_orders.sql");
        text.ShouldContain(digest);
        text.ShouldContain("team dba (dana, erin, paul)");
        text.ShouldContain($"/pipeline-guard approve {digest[..12]} <reason>");
    }

    [Fact]
    public void The_slack_and_teams_messages_carry_the_findings_digest_who_may_approve_and_how_and_are_sent_once_per_digest()
    {
        var result = Check(_slackUrl, _teamsUrl);
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        var digest = Digest();
        Request("slack").GetProperty("action").GetString().ShouldBe("posted");
        Request("teams").GetProperty("action").GetString().ShouldBe("posted");

        var slack = _slack.Posts.ShouldHaveSingleItem().RootElement;
        ShouldBeARequest(slack.GetProperty("text").GetString()!, digest);
        var block = slack.GetProperty("blocks")[0];
        block.GetProperty("type").GetString().ShouldBe("section");
        block.GetProperty("text").GetProperty("type").GetString().ShouldBe("mrkdwn");
        ShouldBeARequest(block.GetProperty("text").GetProperty("text").GetString()!, digest);

        var teams = _teams.Posts.ShouldHaveSingleItem().RootElement;
        teams.GetProperty("type").GetString().ShouldBe("message");
        var card = teams.GetProperty("attachments")[0];
        card.GetProperty("contentType").GetString().ShouldBe("application/vnd.microsoft.card.adaptive");
        card.GetProperty("content").GetProperty("type").GetString().ShouldBe("AdaptiveCard");
        ShouldBeARequest(card.GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString()!, digest);

        // The webhook URL is a credential: named by its variable, never shown.
        var everything = Everything(result);
        everything.ShouldNotContain("secretwebhookpart");
        everything.ShouldNotContain(_slack.Server.BaseUri.Authority);
        result.Out.ShouldContain("$PG_SLACK_WEBHOOK");

        // Slack and Teams messages cannot be edited: the same digest is not announced again.
        Check(_slackUrl, _teamsUrl).ExitCode.ShouldBe(1);
        _slack.Posts.Count.ShouldBe(1);
        _teams.Posts.Count.ShouldBe(1);
    }

    [Fact]
    public void A_webhook_that_does_not_answer_is_reported_without_its_url_and_tried_again_on_the_next_run()
    {
        var gone = $"http://127.0.0.1:{FreePort()}/services/T0000/B0000/secretwebhookpart";
        var result = Check(gone, _teamsUrl);
        result.ExitCode.ShouldBe(1, result.Out);
        var slack = Request("slack");
        slack.GetProperty("action").GetString().ShouldBe("failed");
        slack.GetProperty("detail").GetString()!.ShouldContain("$PG_SLACK_WEBHOOK");
        result.Out.ShouldContain("request on slack: failed");
        Everything(result).ShouldNotContain("secretwebhookpart");

        Check(_slackUrl, _teamsUrl);
        Request("slack").GetProperty("action").GetString().ShouldBe("posted");
        _slack.Posts.Count.ShouldBe(1);
    }

    [Fact]
    public void A_webhook_variable_that_is_not_set_is_reported_by_name()
    {
        var result = Check(null, "not a url at all");
        result.ExitCode.ShouldBe(1, result.Out);
        Request("slack").GetProperty("action").GetString().ShouldBe("failed");
        Request("slack").GetProperty("detail").GetString().ShouldBe("$PG_SLACK_WEBHOOK is not set to a webhook URL");
        Request("teams").GetProperty("detail").GetString().ShouldBe("$PG_TEAMS_WEBHOOK is not set to a webhook URL");
        Everything(result).ShouldNotContain("not a url at all");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
