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
}
