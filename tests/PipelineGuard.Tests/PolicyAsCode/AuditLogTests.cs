using System.Text.Json;
using PipelineGuard.Audit;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.PolicyAsCode;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class AuditLogTests
{
    private static string Example => RepoPaths.InRepo("examples", "prod-db-delete", "plan.json");

    /// <summary>A real log: check run five times (production and staging, audit and enforce) against the bundled plan.</summary>
    private static string[] WriteRealLog(string log)
    {
        foreach (var (env, mode) in new[] { ("production", "audit"), ("staging", "audit"), ("production", "enforce"), ("prod-eu", "audit"), ("staging", "enforce") })
        {
            var result = CliRunner.InProcess("check", "--plan", Example, "--environment", env, "--mode", mode, "--actor", "alice", "--commit", "abc123", "--audit-log", log);
            result.ExitCode.ShouldBeOneOf([0, 1], result.Error);
        }
        return File.ReadAllLines(log);
    }

    private static CliRunner.Result Verify(string log) => CliRunner.InProcess("audit", "verify", log);

    [Fact]
    public void A_log_written_by_several_check_runs_verifies_as_intact()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log);
        lines.Length.ShouldBeGreaterThan(20);
        var result = Verify(log);
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        result.Out.ShouldContain($"{lines.Length} records, hash chain intact");
    }

    [Fact]
    public void Every_line_carries_the_decision_its_context_and_the_hash_of_the_line_before()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("prev").GetString().ShouldBe(AuditLog.Genesis);
        first.RootElement.GetProperty("seq").GetInt64().ShouldBe(1);
        for (var i = 1; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            doc.RootElement.GetProperty("prev").GetString().ShouldBe(AuditLog.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(lines[i - 1])));
        }
        var block = lines.Select(l => JsonDocument.Parse(l).RootElement).First(r => r.GetProperty("outcome").GetString() == "block");
        block.GetProperty("rule").GetString().ShouldBe("no-destroy-stateful");
        block.GetProperty("tool").GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
        block.GetProperty("reason").GetString()!.ShouldContain("aws_db_instance.orders");
        block.GetProperty("target").GetProperty("address").GetString().ShouldBe("aws_db_instance.orders");
        block.GetProperty("context").GetProperty("actor").GetString().ShouldBe("alice");
        block.GetProperty("context").GetProperty("commit").GetString().ShouldBe("abc123");
        block.GetProperty("context").GetProperty("environment").GetString().ShouldBe("production");
        block.GetProperty("policy")[0].GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        var input = block.GetProperty("inputs")[0];
        input.GetProperty("kind").GetString().ShouldBe("plan");
        input.GetProperty("sha256").GetString().ShouldBe(Inputs.FileDigest.Sha256(Example));
        block.GetProperty("override").ValueKind.ShouldBe(JsonValueKind.Null);
        block.GetProperty("exception").ValueKind.ShouldBe(JsonValueKind.Null);
        // A rule that did not apply is logged too, so a report can count runs, not only hits.
        lines.ShouldContain(l => l.Contains("\"outcome\":\"not-applicable\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("\"outcome\":\"pass\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(17)]
    [InlineData(-1)]
    public void Editing_a_line_is_reported_at_that_line(int index)
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log);
        var at = index < 0 ? lines.Length - 1 : index;
        lines[at] = lines[at].Replace("\"actor\":\"alice\"", "\"actor\":\"mallory\"", StringComparison.Ordinal);
        File.WriteAllLines(log, lines);
        var result = Verify(log);
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldStartWith($"{log}:{at + 1}: the line was edited");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    public void Deleting_a_line_is_reported_where_it_is_missing(int index)
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log).ToList();
        lines.RemoveAt(index);
        File.WriteAllLines(log, lines);
        var result = Verify(log);
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldStartWith($"{log}:{index + 1}: 1 line(s) are missing before it");
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(4, 15)]
    [InlineData(0, 1)]
    public void Reordering_lines_is_reported_at_the_first_line_out_of_place(int a, int b)
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        File.WriteAllLines(log, lines);
        var result = Verify(log);
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldStartWith($"{log}:{a + 1}: the lines were reordered");
    }

    [Fact]
    public void An_inserted_copy_of_a_line_and_a_blank_line_are_each_named()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log).ToList();
        var copy = lines.ToList();
        copy.Insert(8, lines[3]);
        File.WriteAllLines(log, copy);
        Verify(log).Out.ShouldStartWith($"{log}:9: the line is repeated: record 4 already appeared at line 4");
        var blank = lines.ToList();
        blank.Insert(4, "");
        File.WriteAllLines(log, blank);
        Verify(log).Out.ShouldStartWith($"{log}:5: the line is empty");
    }

    [Fact]
    public void Cutting_the_last_lines_off_is_caught_with_the_head_an_earlier_verify_printed()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var lines = WriteRealLog(log);
        var head = Verify(log).Out.Split('\n').Single(l => l.StartsWith("head: ", StringComparison.Ordinal))["head: ".Length..].Trim();
        File.WriteAllLines(log, lines[..^2]);
        // The chain alone still holds together ...
        Verify(log).ExitCode.ShouldBe(0);
        // ... but the line the earlier head named is gone.
        var result = CliRunner.InProcess("audit", "verify", log, "--head", head);
        result.ExitCode.ShouldBe(1);
        result.Out.ShouldContain($"the line with hash {head} is missing");
    }

    [Fact]
    public async Task Two_processes_and_many_threads_appending_at_once_keep_one_unbroken_chain()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: any-destroy
                terraform: { actions: [delete] }
              - id: any-create
                terraform: { actions: [create] }
            """);
        var evaluation = Build.Evaluate(policy, new DeployContext { Environment = "production" });
        var perAppend = AuditRecord.FromEvaluation(evaluation, "thread-run").Count;
        // Two real pipeline-guard processes append while eight threads of this one do.
        var processes = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            CliRunner.AsProcess(RepoPaths.Root, "check", "--plan", Example, "--environment", "production", "--mode", "audit", "--audit-log", log))).ToList();
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 15; i++) AuditLog.Append(log, AuditRecord.FromEvaluation(evaluation, $"thread-{t}-{i}"));
        })).ToList();
        await Task.WhenAll(threads);
        foreach (var result in await Task.WhenAll(processes)) result.ExitCode.ShouldBe(0, result.Error);
        var lines = File.ReadAllLines(log);
        var fromProcesses = lines.Count(l => !l.Contains("\"run\":\"thread-", StringComparison.Ordinal));
        (lines.Length - fromProcesses).ShouldBe(8 * 15 * perAppend);
        fromProcesses.ShouldBeGreaterThan(0);
        // Each process's run is contiguous: appends never interleave inside one run.
        var runs = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run").GetString()!).ToList();
        var seen = new HashSet<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (i > 0 && runs[i] == runs[i - 1]) continue;
            seen.Add(runs[i]).ShouldBeTrue($"run {runs[i]} is split at line {i + 1}");
        }
        AuditLog.Verify(log).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task An_append_waits_for_another_writer_holding_the_lock()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var evaluation = Build.Evaluate(Build.Policy("version: 1\nrules:\n  - id: any-destroy\n    terraform: { actions: [delete] }\n"));
        AuditLog.Append(log, AuditRecord.FromEvaluation(evaluation, "first"));
        var holder = new FileStream(log, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var append = Task.Run(() => AuditLog.Append(log, AuditRecord.FromEvaluation(evaluation, "second")));
        await Task.Delay(400);
        append.IsCompleted.ShouldBeFalse("the append must wait while another writer holds the file");
        await holder.DisposeAsync();
        await append.WaitAsync(TimeSpan.FromSeconds(10));
        File.ReadAllLines(log).Length.ShouldBe(2);
        AuditLog.Verify(log).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public void On_GitHub_Actions_each_line_names_the_repository_the_actor_the_commit_and_the_run()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "acme/shop",
            ["GITHUB_RUN_ID"] = "987654321",
            ["GITHUB_ACTOR"] = "carol",
            ["GITHUB_SHA"] = "5e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_TOKEN"] = "ghs_never-in-the-log",
        };
        var result = CliRunner.InDirectory(dir.Path, env, "check", "--plan", Example, "--environment", "production", "--mode", "audit", "--audit-log", log);
        result.ExitCode.ShouldBe(0, result.Error);
        var text = File.ReadAllText(log);
        text.ShouldNotContain("ghs_never-in-the-log");
        using var first = JsonDocument.Parse(File.ReadLines(log).First());
        var context = first.RootElement.GetProperty("context");
        context.GetProperty("platform").GetString().ShouldBe("github");
        context.GetProperty("repository").GetString().ShouldBe("acme/shop");
        context.GetProperty("actor").GetString().ShouldBe("carol");
        context.GetProperty("commit").GetString().ShouldBe("5e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d");
        context.GetProperty("runUrl").GetString().ShouldBe("https://github.com/acme/shop/actions/runs/987654321");
    }

    [Fact]
    public void Values_marked_sensitive_in_the_plan_never_reach_the_log()
    {
        using var dir = new TempFolder();
        var plan = dir.Write("plan.json", Build.PlanJson(Build.Change("aws_db_instance.main", "[\"delete\"]",
            before: "{\"identifier\":\"main\",\"password\":\"hunter2-very-secret\",\"username\":\"admin-secret-user\"}",
            beforeSensitive: "{\"password\":true,\"username\":true}")));
        var log = dir.File("audit.jsonl");
        var result = CliRunner.InProcess("check", "--plan", plan, "--environment", "production", "--audit-log", log);
        result.ExitCode.ShouldBe(1, result.Error);
        var text = File.ReadAllText(log);
        text.ShouldContain("aws_db_instance.main");
        text.ShouldNotContain("hunter2-very-secret");
        text.ShouldNotContain("admin-secret-user");
    }

    [Fact]
    public void An_append_to_a_log_whose_last_line_was_cut_is_refused_rather_than_glued_on()
    {
        using var dir = new TempFolder();
        var log = dir.File("audit.jsonl");
        var count = WriteRealLog(log).Length;
        var text = File.ReadAllText(log);
        File.WriteAllText(log, text[..^40]);
        var result = CliRunner.InProcess("check", "--plan", Example, "--environment", "production", "--audit-log", log);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("last line is incomplete");
        Verify(log).Out.ShouldStartWith($"{log}:{count}: the line is not an audit record");
    }
}
