using System.Text;
using PipelineGuard.Deploy.Approvals;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Approvals;

/// <summary>The approval digest binds what the deploy does, and nothing that is only noise.</summary>
public sealed class ApprovalDigestTests
{
    private const string PolicyText = """
        version: 1
        rules:
          - id: prod-destructive-migration
            description: Destructive production migrations need an approval.
            severity: high
            enforcement: block
            sql:
              forbid: [drop-table]
            override:
              action_approval: { min: 1, users: [dana] }
        """;

    private static readonly string Bucket = Build.Change("aws_s3_bucket.logs", """["create"]""", null, """{"bucket":"logs","acl":"private"}""");
    private static readonly string Database = Build.Change("aws_db_instance.main", """["delete"]""", """{"identifier":"main"}""", null);
    private static readonly string Unchanged = Build.Change("aws_iam_role.ci", """["no-op"]""", """{"name":"ci"}""", """{"name":"ci"}""");

    private static string PlanJson(string timestamp, params string[] changes) =>
        "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"timestamp\":\"" + timestamp + "\",\"resource_changes\":[" + string.Join(",", changes) + "]}";

    private static TerraformPlan Plan(string json, string file = "plan.json") =>
        PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), file, PlanProjection.None, digestChanges: true);

    private static string Digest(
        string? planJson = null,
        string migration = "DROP TABLE legacy_orders;\n",
        string policy = PolicyText,
        string commit = "0123456789abcdef0123456789abcdef01234567",
        string environment = "production",
        string planFile = "plan.json")
    {
        var facts = new EvaluationFacts
        {
            Now = Build.Noon,
            Context = new DeployContext { Environment = environment, Commit = new CommitInfo { Sha = commit } },
            Inputs = [new InputFile("db/migrations/0042_drop_legacy_orders.sql", "migration", Sha256(migration))],
        }.WithPlans([Plan(planJson ?? PlanJson("2026-11-24T09:00:00Z", Bucket, Database, Unchanged), planFile)]);
        var (manifest, missing) = ApprovalDigest.Compute(facts, Build.Policy(policy));
        missing.ShouldBeNull();
        return manifest!.Digest;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void The_same_resource_changes_in_another_order_with_another_timestamp_and_plan_file_give_the_same_digest()
    {
        var digest = Digest();
        digest.Length.ShouldBe(64);
        Digest(planJson: PlanJson("2026-12-01T17:45:12Z", Unchanged, Database, Bucket), planFile: "other/tfplan.json").ShouldBe(digest);
    }

    [Fact]
    public void Any_change_to_what_the_deploy_does_gives_another_digest()
    {
        var digest = Digest();
        var others = new[]
        {
            Digest(planJson: PlanJson("2026-11-24T09:00:00Z", Bucket.Replace("\"private\"", "\"public-read\"", StringComparison.Ordinal), Database, Unchanged)),
            Digest(planJson: PlanJson("2026-11-24T09:00:00Z", Bucket, Unchanged)),
            Digest(migration: "DROP TABLE legacy_orders;\n\n"),
            Digest(policy: PolicyText + "\n# reviewed\n"),
            Digest(commit: "1123456789abcdef0123456789abcdef01234567"),
            Digest(environment: "staging"),
        };
        others.ShouldAllBe(d => d != digest);
        others.Distinct().Count().ShouldBe(others.Length);
    }
}
