using System.Text.Json;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Approvals;

/// <summary>
/// Action-level approvals end to end through <c>check</c>, against a loopback server shaped like GitHub's REST API:
/// a blocked production migration, the request comment, approvals that count, and the ones that must not.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ActionApprovalGitHubTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg-approval-" + Guid.NewGuid().ToString("N"));
    private FakeGitHubPullRequest _github = null!;

    public const string Policy = """
        version: 1
        teams:
          dba: [dana, erin, paul, deploy-bot]
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
                min: MIN
                teams: [dba]
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "db", "migrations"));
        _github = await FakeGitHubPullRequest.StartAsync();
        WritePolicy(min: 1);
        Write("db/migrations/0042_drop_legacy_orders.sql", "DROP TABLE legacy_orders;\n");
        Context(author: "paul");
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WritePolicy(int min) => Write(".pipeline-guard.yml", Policy.Replace("MIN", min.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_dir, name), content);

    private void Context(string author, string message = "Drop the legacy orders table", string sha = "0123456789abcdef0123456789abcdef01234567")
    {
        var context = new
        {
            environment = "production",
            actor = author,
            platform = "github",
            repository = _github.Repository,
            commit = new { sha, message, author, authorEmail = author + "@acme.example" },
            pullRequest = new { number = _github.Number, author, headSha = sha },
        };
        Write("ctx.json", JsonSerializer.Serialize(context));
    }

    private Dictionary<string, string?> Env => new()
    {
        ["GITHUB_API_URL"] = _github.Server.BaseUri.AbsoluteUri.TrimEnd('/'),
        ["GITHUB_TOKEN"] = "gh-test-token-123",
        ["NO_COLOR"] = "1",
    };

    private CliRunner.Result Check(params string[] extra) =>
        CliRunner.InDirectory(_dir, Env, ["check", "--context", "ctx.json", "--migrations", "db/migrations", "--json", "report.json", "--audit-log", "audit.jsonl", .. extra]);

    private JsonElement Report() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;

    private string Digest() => Report().GetProperty("approval").GetProperty("digest").GetString()!;

    private JsonElement[] Approvals() =>
        [.. Report().GetProperty("approval").GetProperty("rules")[0].GetProperty("approvals").EnumerateArray()];

    [Fact]
    public void A_blocked_production_migration_posts_one_request_with_the_digest_who_may_approve_and_how()
    {
        var result = Check();
        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        var digest = Digest();
        digest.Length.ShouldBe(64);
        result.Out.ShouldContain("Approval digest: " + digest);
        var comment = _github.Comments.ShouldHaveSingleItem();
        var body = comment["body"]!.GetValue<string>();
        body.ShouldContain("<!-- pipeline-guard:approval-request ");
        body.ShouldContain($"/pipeline-guard approve {digest[..12]} <reason>");
        body.ShouldContain("team dba (dana, deploy-bot, erin, paul)");
        body.ShouldContain("0042_drop_legacy_orders.sql");
        body.ShouldContain("prod-destructive-migration");
        Report().GetProperty("approval").GetProperty("requests")[0].GetProperty("action").GetString().ShouldBe("created");
    }

    [Fact]
    public void An_eligible_dba_approving_the_digest_lifts_the_block_and_the_audit_log_keeps_who_why_and_when()
    {
        Check().ExitCode.ShouldBe(1);
        var digest = Digest();
        _github.Comment("dana", $"Checked the backup of legacy_orders.\n/pipeline-guard approve {digest[..16]} backup verified, table unused since 2024");
        var result = Check();
        result.ExitCode.ShouldBe(0, result.Out);
        var finding = Report().GetProperty("findings")[0];
        finding.GetProperty("outcome").GetString().ShouldBe("overridden");
        finding.GetProperty("override").GetProperty("kind").GetString().ShouldBe("action-approval");
        finding.GetProperty("override").GetProperty("by").GetString().ShouldBe("dana");
        var used = Approvals().ShouldHaveSingleItem();
        used.GetProperty("verdict").GetString().ShouldBe("used");
        used.GetProperty("reason").GetString().ShouldBe("backup verified, table unused since 2024");
        used.GetProperty("source").GetString().ShouldBe("github-comment");
        used.GetProperty("digest").GetString().ShouldBe(digest);

        var audit = File.ReadAllLines(Path.Combine(_dir, "audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Last(r => r.TryGetProperty("approvals", out _));
        var line = audit.GetProperty("approvals")[0];
        line.GetProperty("approver").GetString().ShouldBe("dana");
        line.GetProperty("digest").GetString().ShouldBe(digest);
        line.GetProperty("time").GetString()!.ShouldStartWith("2026-11-24T");
        var report = CliRunner.InDirectory(_dir, Env, "audit", "report", "audit.jsonl");
        report.Out.ShouldContain("## Action-level approvals");
        report.Out.ShouldContain("| dana | used |");

        // The request says so, edited in place: still one request comment beside dana's approval.
        var comment = _github.Comments.Where(c => c["body"]!.GetValue<string>().Contains("pipeline-guard:approval-request", StringComparison.Ordinal)).ShouldHaveSingleItem();
        comment["body"]!.GetValue<string>().ShouldContain("**Status:** approved by dana");
    }

    [Fact]
    public void An_approval_goes_stale_when_the_migration_changes_and_the_report_says_why()
    {
        Check();
        var digest = Digest();
        _github.Comment("dana", $"/pipeline-guard approve {digest[..12]} reviewed");
        Check().ExitCode.ShouldBe(0);
        Write("db/migrations/0042_drop_legacy_orders.sql", "DROP TABLE legacy_orders;\nDROP TABLE legacy_invoices;\n");
        var result = Check();
        result.ExitCode.ShouldBe(1, result.Out);
        Digest().ShouldNotBe(digest);
        var stale = Approvals().ShouldHaveSingleItem();
        stale.GetProperty("verdict").GetString().ShouldBe("stale");
        stale.GetProperty("why").GetString()!.ShouldContain("migration db/migrations/0042_drop_legacy_orders.sql changed");
        Report().GetProperty("findings")[0].GetProperty("message").GetString()!.ShouldContain("dana: stale");
    }

    [Fact]
    public void The_author_approving_their_own_change_is_refused()
    {
        Check();
        _github.Comment("paul", $"/pipeline-guard approve {Digest()[..12]} it is fine, trust me");
        var result = Check();
        result.ExitCode.ShouldBe(1);
        var refused = Approvals().ShouldHaveSingleItem();
        refused.GetProperty("verdict").GetString().ShouldBe("refused");
        refused.GetProperty("why").GetString()!.ShouldStartWith("self-approval: paul");
    }

    [Fact]
    public void The_human_who_asked_a_coding_agent_for_the_change_cannot_approve_it()
    {
        // The agent opened the PR and authored the commit; erin co-authored it, so erin asked for it.
        var context = new
        {
            environment = "production",
            actor = "copilot-swe-agent[bot]",
            platform = "github",
            repository = _github.Repository,
            commit = new
            {
                sha = "1111111111111111111111111111111111111111",
                message = "Drop legacy orders\n\nCo-authored-by: erin <erin@acme.example>",
                author = "copilot-swe-agent[bot]",
                authorEmail = "198982749+Copilot@users.noreply.github.com",
            },
            pullRequest = new { number = _github.Number, author = "copilot-swe-agent[bot]", headSha = "1111111111111111111111111111111111111111" },
        };
        Write("ctx.json", JsonSerializer.Serialize(context));
        Check();
        _github.Comment("erin", $"/pipeline-guard approve {Digest()[..12]} looks right");
        Check().ExitCode.ShouldBe(1);
        Approvals().ShouldHaveSingleItem().GetProperty("why").GetString()!.ShouldContain("asked a coding agent (copilot-swe-agent[bot]) for this change");
    }

    [Fact]
    public void A_commit_co_authored_by_an_agent_is_its_human_authors_request()
    {
        Context(author: "erin", message: "Drop legacy orders\n\nCo-authored-by: Claude <noreply@anthropic.com>");
        Check();
        _github.Comment("erin", $"/pipeline-guard approve {Digest()[..12]} the agent did it");
        Check().ExitCode.ShouldBe(1);
        Approvals().ShouldHaveSingleItem().GetProperty("why").GetString()!.ShouldContain("asked a coding agent (noreply@anthropic.com)");
    }

    [Fact]
    public void A_bot_in_the_team_never_approves()
    {
        Check();
        _github.Comment("deploy-bot", $"/pipeline-guard approve {Digest()[..12]} automated", type: "Bot");
        Check().ExitCode.ShouldBe(1);
        Approvals().ShouldHaveSingleItem().GetProperty("why").GetString()!.ShouldBe("a bot or agent account never approves");
    }

    [Fact]
    public void Two_approvals_needed_and_one_given_stays_blocked_and_the_same_person_twice_counts_once()
    {
        WritePolicy(min: 2);
        Check();
        var prefix = Digest()[..12];
        _github.Comment("dana", $"/pipeline-guard approve {prefix} reviewed");
        _github.Comment("dana", $"/pipeline-guard approve {prefix} reviewed again");
        var result = Check();
        result.ExitCode.ShouldBe(1);
        var verdicts = Approvals().Select(a => a.GetProperty("verdict").GetString()).ToList();
        verdicts.ShouldBe(["used", "refused"]);
        Approvals()[1].GetProperty("why").GetString()!.ShouldContain("2 approvals need 2 different people");
        Report().GetProperty("findings")[0].GetProperty("message").GetString()!.ShouldContain("1 of 2");
        _github.Comment("erin", $"/pipeline-guard approve {prefix} second pair of eyes");
        Check().ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_short_prefix_an_edited_comment_and_a_missing_reason_are_refused()
    {
        Check();
        var digest = Digest();
        _github.Comment("dana", $"/pipeline-guard approve {digest[..8]} short");
        _github.Comment("erin", $"/pipeline-guard approve {digest[..12]} edited later", editedLater: true);
        _github.Comment("dana", $"/pipeline-guard approve {digest[..12]}");
        Check().ExitCode.ShouldBe(1);
        var why = Approvals().Select(a => a.GetProperty("why").GetString() ?? "").ToList();
        why[0].ShouldContain("not at least 12 hex digits");
        why[1].ShouldContain("edited after it was posted");
        why[2].ShouldContain("needs a reason");
    }

    [Fact]
    public void An_approving_review_that_cites_the_digest_counts()
    {
        Check();
        _github.Review("dana", "APPROVED", $"Approving {Digest()[..20]}: restore tested");
        Check().ExitCode.ShouldBe(0);
        Approvals().ShouldHaveSingleItem().GetProperty("source").GetString().ShouldBe("github-review");
    }

    [Fact]
    public void Re_runs_update_the_one_request_in_place_and_leave_it_alone_when_nothing_changed()
    {
        Check();
        var id = _github.Comments.Single()["id"]!.GetValue<long>();
        Check();
        Report().GetProperty("approval").GetProperty("requests")[0].GetProperty("action").GetString().ShouldBe("unchanged");
        _github.Comment("paul", $"/pipeline-guard approve {Digest()[..12]} mine");
        Check();
        Report().GetProperty("approval").GetProperty("requests")[0].GetProperty("action").GetString().ShouldBe("updated");
        var requests = _github.Comments.Where(c => c["body"]!.GetValue<string>().Contains("pipeline-guard:approval-request", StringComparison.Ordinal)).ToList();
        requests.ShouldHaveSingleItem()["id"]!.GetValue<long>().ShouldBe(id);
        requests[0]["body"]!.GetValue<string>().ShouldContain("| paul | prod-destructive-migration | refused |");
        _github.Server.Requests.Count(r => r.Method == "POST").ShouldBe(1);
        _github.Server.Requests.Count(r => r.Method == "PATCH").ShouldBe(1);
    }

    [Fact]
    public void The_wait_loop_ends_when_an_approval_arrives()
    {
        Check().ExitCode.ShouldBe(1);
        var prefix = Digest()[..12];
        var delays = new List<TimeSpan>();
        var io = Io(delay: (t, _) =>
        {
            delays.Add(t);
            // A DBA answers while the second pause runs.
            if (delays.Count == 2) _github.Comment("dana", $"/pipeline-guard approve {prefix} ok to drop");
            return Task.CompletedTask;
        });
        var code = PipelineGuard.Cli.Cli.Run(["check", "--context", "ctx.json", "--migrations", "db/migrations", "--json", "report.json", "--wait-for-approval", "10m"], io);
        code.ShouldBe(0, io.Out.ToString());
        delays.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]);
        io.Out.ToString()!.ShouldContain($"waiting for approval of {prefix}: waiting: prod-destructive-migration 0 of 1; next check in 10 s");
        Report().GetProperty("approval").GetProperty("wait").GetString().ShouldBe("approved");
    }

    [Fact]
    public void The_wait_loop_gives_up_at_its_limit_with_bounded_backoff()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var delays = new List<TimeSpan>();
        var io = Io(delay: (t, _) =>
        {
            delays.Add(t);
            clock.Advance(t);
            return Task.CompletedTask;
        }, clock);
        var code = PipelineGuard.Cli.Cli.Run(["check", "--context", "ctx.json", "--migrations", "db/migrations", "--json", "report.json", "--wait-for-approval", "3m"], io);
        code.ShouldBe(1);
        delays.Select(d => (int)d.TotalSeconds).ShouldBe([10, 20, 40, 60, 50]);
        io.Out.ToString()!.ShouldContain("no approval within 3m00s; giving up");
        Report().GetProperty("approval").GetProperty("wait").GetString().ShouldBe("timed-out");
        Report().GetProperty("approval").GetProperty("polls").GetInt32().ShouldBe(5);
    }

    private CommandIo Io(Func<TimeSpan, CancellationToken, Task> delay, TimeProvider? clock = null) =>
        new(new StringWriter(), new StringWriter(), Env, _dir) { Delay = delay, Clock = clock ?? TimeProvider.System };
}

/// <summary>A clock that moves only when told to.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
