using System.Globalization;
using System.Text;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

/// <summary>
/// The reader hands changes to a second thread for their values once a plan has more than one batch (256):
/// what comes out, and which error wins, must be what a one-thread read gives.
/// </summary>
public class PlanReaderPipelineTests
{
    private static readonly PipelineGuard.Policy.PolicySet s_policy = Build.Policy("""
        version: 1
        rules:
          - id: r
            terraform: { attributes: [{ path: tags.n, exists: true }] }
        """);

    private static string Change(int i, string n) =>
        Build.Change($"aws_s3_bucket.b{i}", """["create"]""", null, "{\"tags\":{\"n\":\"" + n + "\"}}");

    /// <summary>A plan of <paramref name="count"/> changes, one per line from line 4, with the values of change <paramref name="bad"/> replaced.</summary>
    private static string Plan(int count, int? bad = null, string badValue = "\\ud800", string? drift = null)
    {
        var sb = new StringBuilder("{\n\"format_version\":\"1.2\",\n\"resource_changes\":[\n");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(",\n");
            sb.Append(Change(i, i == bad ? badValue : i.ToString(CultureInfo.InvariantCulture)));
        }
        sb.Append("\n]");
        if (drift is not null) sb.Append(",\n\"resource_drift\":[").Append(drift).Append(']');
        sb.Append("\n}\n");
        return sb.ToString();
    }

    private static TerraformPlan Read(string json) =>
        PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "plan.json", Build.ProjectionOf(s_policy));

    private static string ValueOf(PlanChange change) =>
        ((TerraformCheck)s_policy.Rules.Single().Check).Conditions!.Judge(change.Values).Why;

    [Fact]
    public void Values_read_on_the_second_thread_stay_with_their_change_in_plan_order_and_drift_stays_apart()
    {
        var drift = string.Join(",", Enumerable.Range(0, 600).Select(i => Change(10_000 + i, $"d{i}")));
        var plan = Read(Plan(3_000, drift: drift));

        plan.Changes.Count.ShouldBe(3_000);
        plan.Drift.Count.ShouldBe(600);
        for (var i = 0; i < 3_000; i++)
        {
            plan.Changes[i].Address.ShouldBe($"aws_s3_bucket.b{i}");
            plan.Changes[i].Line.ShouldBe(4 + i);
            ValueOf(plan.Changes[i]).ShouldBe($"tags.n is set (found \"{i}\")");
        }
        plan.Drift[599].Address.ShouldBe("aws_s3_bucket.b10599");
        ValueOf(plan.Drift[599]).ShouldBe("tags.n is set (found \"d599\")");
    }

    [Fact]
    public void Equal_values_are_shared_across_batches_as_a_one_thread_read_shares_them()
    {
        var sb = new StringBuilder("{\"format_version\":\"1.2\",\"resource_changes\":[");
        sb.AppendJoin(",", Enumerable.Range(0, 1_000).Select(i => Change(i, "same")));
        sb.Append("]}");
        var plan = Read(sb.ToString());

        plan.Changes.Select(c => c.Values).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
    }

    [Fact]
    public void A_values_error_in_a_change_the_second_thread_reads_wins_over_a_later_error_of_the_tokenizer()
    {
        var json = Plan(1_000, bad: 300).Replace("\"address\":\"aws_s3_bucket.b900\"", "\"address\":7", StringComparison.Ordinal);

        var error = Should.Throw<InputException>(() => Read(json));

        error.Message.ShouldContain("aws_s3_bucket.b300");
        error.Line.ShouldBe(304);
    }

    [Fact]
    public void A_values_error_in_the_last_unfinished_batch_wins_over_a_truncated_file()
    {
        var json = Plan(1_000, bad: 990);
        json = json[..(json.Length - 6)];

        var error = Should.Throw<InputException>(() => Read(json));

        error.Message.ShouldContain("aws_s3_bucket.b990");
        error.Line.ShouldBe(994);
    }

    [Fact]
    public void A_values_error_in_a_plan_smaller_than_a_batch_names_the_change_and_its_line()
    {
        var error = Should.Throw<InputException>(() => Read(Plan(3, bad: 1)));

        error.Message.ShouldContain("not valid JSON text in the values of aws_s3_bucket.b1");
        error.Line.ShouldBe(5);
    }

    [Fact]
    public void A_tokenizer_error_after_thousands_of_good_changes_is_the_error_reported()
    {
        var json = Plan(2_000).Replace("\"address\":\"aws_s3_bucket.b1500\"", "\"address\":7", StringComparison.Ordinal);

        var error = Should.Throw<InputException>(() => Read(json));

        error.Message.ShouldContain("\"address\" of a resource change must be a string");
        error.Line.ShouldBe(1504);
    }

    private static readonly PipelineGuard.Policy.PolicySet s_richPolicy = Build.Policy("""
        version: 1
        rules:
          - id: tags
            terraform: { attributes: [{ path: tags.n, exists: true }] }
          - id: ssh
            terraform:
              attributes:
                - path: ingress.*
                  where:
                    - { path: cidr_blocks.*, equals: 0.0.0.0/0 }
                    - { path: from_port, at_most: 22 }
          - id: iam
            terraform:
              attributes:
                - path: policy.@json.Statement.*
                  where:
                    - { path: Effect, equals: Allow }
          - id: protection
            terraform: { attributes: [{ path: deletion_protection, changed_to: false }] }
        """);

    /// <summary>A plan of varied changes: unknown and sensitive marks, JSON documents in strings, before and after values, drift.</summary>
    private static string RichPlan(int count)
    {
        var changes = Enumerable.Range(0, count).Select(i => (i % 5) switch
        {
            0 => Build.Change($"aws_s3_bucket.b{i}", """["create"]""", null, "{\"tags\":{\"n\":\"" + i + "\"}}"),
            1 => Build.Change($"aws_security_group.g{i}", """["update"]""", """{"ingress":[]}""",
                """{"ingress":[{"cidr_blocks":["10.0.0.0/8","0.0.0.0/0"],"from_port":22,"to_port":22}],"tags":{"n":"x"}}""",
                afterUnknown: """{"ingress":[{"cidr_blocks":[false,true]}]}"""),
            2 => Build.Change($"aws_iam_policy.p{i}", """["create"]""", null,
                """{"policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"}]}"}"""),
            3 => Build.Change($"aws_db_instance.d{i}", """["update"]""", """{"deletion_protection":true}""", """{"deletion_protection":false,"tags":{"n":"s"}}""",
                afterSensitive: """{"tags":{"n":true}}"""),
            _ => Build.Change($"module.m[{i}].aws_s3_bucket.b{i}", """["delete","create"]""", """{"tags":{"n":"old"}}""", null, module: $"module.m[{i}]"),
        });
        return "{\n\"format_version\":\"1.2\",\n\"resource_changes\":[\n" + string.Join(",\n", changes) + "\n],\n\"resource_drift\":[" +
            Build.Change("aws_s3_bucket.drifted", """["update"]""", null, """{"tags":{"n":"d"}}""") + "]\n}\n";
    }

    /// <summary>Everything a read gives that rules or reports use, as text: or the error it refused the plan with.</summary>
    private static string Outcome(byte[] json, int changesPerBatch)
    {
        try
        {
            var plan = PlanReader.Read(new MemoryStream(json), "plan.json", Build.ProjectionOf(s_richPolicy), digestChanges: true, changesPerBatch);
            var sb = new StringBuilder();
            foreach (var change in plan.Changes.Concat(plan.Drift))
            {
                sb.Append(change.Address).Append('|').Append(change.Line).Append('|').Append(change.ActionWord).Append('|')
                  .Append(change.ContentSha256 is { } sha ? Convert.ToHexString(sha) : "-");
                foreach (var rule in s_richPolicy.Rules)
                {
                    var verdict = ((TerraformCheck)rule.Check).Conditions!.Judge(change.Values);
                    sb.Append('|').Append(verdict.Truth).Append(':').Append(verdict.Why);
                }
                sb.Append('\n');
            }
            return sb.ToString();
        }
        catch (InputException ex)
        {
            return $"refused at {ex.Line}:{ex.Column}: {ex.Message}";
        }
    }

    private static readonly byte[][] s_fragments =
    [
        .. new[] { "{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e400", "\\ud800", "\\u0041", "\n", "\"actions\":[\"create\"]", "\"address\":1" }
            .Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3],
    ];

    [Fact]
    public void Damaged_plans_read_on_one_thread_and_on_two_give_the_same_values_or_the_same_error()
    {
        var clean = Encoding.UTF8.GetBytes(RichPlan(60));
        var fragments = s_fragments;
        var cleanOutcome = Outcome(clean, int.MaxValue);
        cleanOutcome.ShouldNotStartWith("refused");
        cleanOutcome.ShouldContain("aws_security_group.g1|");
        Outcome(clean, 1).ShouldBe(cleanOutcome);
        var random = new Random(20261203);
        var refused = 0;
        for (var round = 0; round < 300; round++)
        {
            var bytes = clean.ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                if (random.Next(3) == 0) bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                else bytes.InsertRange(at, fragments[random.Next(fragments.Length)]);
            }
            var json = bytes.ToArray();
            var oneThread = Outcome(json, int.MaxValue);
            if (oneThread.StartsWith("refused", StringComparison.Ordinal)) refused++;
            Outcome(json, 1).ShouldBe(oneThread, $"round {round}: a worker from the first change");
            Outcome(json, 7).ShouldBe(oneThread, $"round {round}: batches of 7");
        }
        // The damage must reach both paths: most damaged plans are refused, some still read.
        refused.ShouldBeInRange(100, 295);
    }
}
