using System.Globalization;
using System.Text;
using PipelineGuard.Terraform;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Terraform;

public class PlanReaderTests
{
    public static TheoryData<string> CorpusPlans()
    {
        var data = new TheoryData<string>();
        var root = RepoPaths.InCorpus("terraform-plans");
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        return data;
    }

    /// <summary>The corpus index: file -> (is valid JSON, number of resource changes).</summary>
    private static readonly Lazy<Dictionary<string, (bool Valid, int Changes)>> s_index = new(() =>
        File.ReadLines(RepoPaths.InCorpus("terraform-plans", "INDEX.tsv"))
            .Skip(1)
            .Select(l => l.Split('\t'))
            .ToDictionary(c => c[0], c => (c[4] == "yes", int.Parse(c[7].Length == 0 ? "0" : c[7], CultureInfo.InvariantCulture))));

    [Theory]
    [MemberData(nameof(CorpusPlans))]
    public void Every_real_plan_in_the_corpus_parses_or_is_refused_with_a_named_error(string relative)
    {
        var path = RepoPaths.InCorpus("terraform-plans", relative);
        var (valid, changes) = s_index.Value[relative];
        if (!valid)
        {
            var ex = Should.Throw<InputException>(() => PlanReader.ReadFile(path, PlanProjection.None, relative));
            ex.File.ShouldBe(relative);
            ex.Line.ShouldNotBeNull();
            return;
        }
        var plan = PlanReader.ReadFile(path, PlanProjection.None, relative);
        plan.Changes.Count.ShouldBe(changes);
        plan.Changes.ShouldAllBe(c => c.Address.Length > 0 && c.Type.Length > 0 && c.Actions != PlanActions.None);
    }

    private static AttributeVerdict VerdictOf(PlanChange change, PipelineGuard.Policy.PolicySet policy) =>
        ((TerraformCheck)policy.Rules.Single().Check).Conditions!.Judge(change.Values);

    [Fact]
    public void A_check_refuses_a_plan_read_without_its_projection()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: name, equals: x }] }
            """);
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_s3_bucket.a", """["create"]""", null, """{"name":"x"}""")));
        Should.Throw<InvalidOperationException>(() => Build.Evaluate(policy, plans: plan));
    }

    [Fact]
    public void Values_under_json_documents_in_strings_and_unknown_attributes_left_out_of_after_are_judged()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform:
                  attributes:
                    - any_of:
                        - { path: policy.@json.Statement.*.Action, equals: "*" }
                        - { path: arn, exists: true }
            """);
        var doc = """{\"Statement\":[{\"Action\":\"s3:Get\"}]}""";
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_iam_policy.p", """["create"]""", null, $$"""{"policy":"{{doc}}"}""", afterUnknown: """{"arn":true}""")), policy);
        VerdictOf(plan.Changes.Single(), policy).Truth.ShouldBe(Truth.Unknown);
    }

    [Fact]
    public void Delete_then_create_and_create_then_delete_are_both_replaces()
    {
        var plan = Build.Plan(Build.PlanJson(
            Build.Change("aws_db_instance.a", """["delete","create"]""", "{}", "{}"),
            Build.Change("aws_db_instance.b", """["create","delete"]""", "{}", "{}")));
        plan.Changes.ShouldAllBe(c => c.IsReplace && c.ActionWord == "replace");
        PlanActionWords.Matches(plan.Changes[0].Actions, "delete").ShouldBeFalse();
        PlanActionWords.Matches(plan.Changes[0].Actions, "replace").ShouldBeTrue();
    }

    [Fact]
    public void Forget_is_not_a_destroy()
    {
        var plan = Build.Plan(Build.PlanJson(
            Build.Change("aws_db_instance.a", """["forget"]""", "{}", null),
            Build.Change("aws_db_instance.b", """["create","forget"]""", "{}", "{}"),
            Build.Change("aws_db_instance.c", """["forget","create"]""", "{}", "{}")));
        plan.Changes.ShouldAllBe(c => !c.Destroys && !c.IsReplace);
        PlanActionWords.Matches(plan.Changes[0].Actions, "forget").ShouldBeTrue();
        PlanActionWords.Matches(plan.Changes[0].Actions, "delete").ShouldBeFalse();
    }

    [Fact]
    public void An_unknown_action_word_is_refused_rather_than_guessed()
    {
        var ex = Should.Throw<InputException>(() => Build.Plan(Build.PlanJson(Build.Change("aws_s3_bucket.a", """["obliterate"]"""))));
        ex.Message.ShouldContain("obliterate");
        ex.Message.ShouldContain("aws_s3_bucket.a");
    }

    [Fact]
    public void Module_addresses_and_for_each_indexes_are_kept()
    {
        var plan = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__modules.json"), PlanProjection.None);
        plan.Changes.ShouldContain(c => c.ModuleAddress != null && c.Address.StartsWith(c.ModuleAddress + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void Drift_is_read_separately_from_planned_changes()
    {
        var plan = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__drift.json"), PlanProjection.None);
        plan.Drift.Count.ShouldBeGreaterThan(0);
        plan.Drift.ShouldAllBe(c => c.IsDrift);
        plan.Changes.ShouldAllBe(c => !c.IsDrift);
    }

    [Fact]
    public void Drift_entries_without_an_address_from_terraform_1_0_get_one_rebuilt()
    {
        var plan = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "terraform-compliance", "test_issue_522.json"), PlanProjection.None);
        plan.Drift.Count.ShouldBe(15);
        plan.Drift.ShouldAllBe(c => c.Address.StartsWith(c.Type + ".", StringComparison.Ordinal) || c.Address.Contains("." + c.Type + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void A_boolean_after_sensitive_on_a_delete_is_accepted()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: identifier, exists: true }] }
            """);
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_db_instance.a", """["delete"]""", """{"identifier":"x"}""", null, afterSensitive: "false")), policy);
        // A destroyed object has no after-state: the condition is judged false, not an error.
        VerdictOf(plan.Changes.Single(), policy).Truth.ShouldBe(Truth.False);
    }

    [Fact]
    public void Values_known_only_after_apply_are_read_as_unknown()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: ingress.*.cidr_blocks.*, equals: 0.0.0.0/0 }] }
            """);
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_security_group.a", """["create"]""", null,
            """{"ingress":[{"cidr_blocks":null}]}""", afterUnknown: """{"ingress":[{"cidr_blocks":true}]}""")), policy);
        var verdict = VerdictOf(plan.Changes.Single(), policy);
        verdict.Truth.ShouldBe(Truth.Unknown);
        verdict.Why.ShouldContain("known only after apply");
    }

    [Fact]
    public void A_whole_after_unknown_of_true_makes_every_selected_value_unknown()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: name, equals: x }] }
            """);
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_s3_bucket.a", """["create"]""", null, "{}", afterUnknown: "true")), policy);
        VerdictOf(plan.Changes.Single(), policy).Truth.ShouldBe(Truth.Unknown);
    }

    [Fact]
    public void Sensitive_values_can_be_compared_but_never_displayed()
    {
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: password, not_equals: changeme }] }
            """);
        var plan = Build.Plan(Build.PlanJson(Build.Change("aws_db_instance.a", """["create"]""", null,
            """{"password":"hunter2"}""", afterSensitive: """{"password":true}""")), policy);
        var verdict = VerdictOf(plan.Changes.Single(), policy);
        verdict.Truth.ShouldBe(Truth.True);
        verdict.Why.ShouldContain("(sensitive)");
        verdict.Why.ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData("{\"format_version\":\"2.0\",\"resource_changes\":[]}", "major version")]
    [InlineData("{\"format_version\":\"1.0\",\"terraform_version\":\"1.5.0\",\"values\":{\"root_module\":{}}}", "state")]
    [InlineData("{\"resource_changes\":[]}", "no \"format_version\"")]
    [InlineData("[1,2,3]", "not an object")]
    [InlineData("{\"format_version\":\"1.2\",\"resource_changes\":[], \"format_version\":\"1.2\"}", "twice")]
    [InlineData("{\"format_version\":\"1.2\",\"errored\":true,\"resource_changes\":[]}", "errored")]
    [InlineData("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\"", "truncated")]
    [InlineData("", "empty")]
    [InlineData("PK\u0003\u0004 binary", "not valid JSON")]
    [InlineData("{\"format_version\":\"1.2\",\"resource_changes\":{}}", "must be a list")]
    public void What_is_not_a_readable_plan_is_refused_with_the_reason(string json, string expected)
    {
        var ex = Should.Throw<InputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "bad.json", PlanProjection.None));
        ex.File.ShouldBe("bad.json");
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Build.PlanJson(Build.Change("aws_s3_bucket.a", """["create"]""", null, "{}")))).ToArray();
        PlanReader.Read(new MemoryStream(bytes), "bom.json", PlanProjection.None).Changes.Count.ShouldBe(1);
    }

    [Fact]
    public void A_plan_larger_than_the_read_buffer_streams_with_correct_lines_and_values()
    {
        // Each change is about 3 KB, so 2,000 of them cross the 1 MiB buffer several times.
        var policy = Build.Policy("""
            version: 1
            rules:
              - id: r
                terraform: { attributes: [{ path: tags.n, exists: true }] }
            """);
        var sb = new StringBuilder("{\n\"format_version\":\"1.2\",\n\"resource_changes\":[\n");
        var padding = new string('x', 3000);
        for (var i = 0; i < 2000; i++)
        {
            if (i > 0) sb.Append(",\n");
            sb.Append(Build.Change($"aws_s3_bucket.b{i}", """["create"]""", null, $$"""{"tags":{"n":"{{i}}"},"pad":"{{padding}}"}"""));
        }
        sb.Append("\n]\n}\n");
        var plan = PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "big.json", Build.ProjectionOf(policy));
        plan.Changes.Count.ShouldBe(2000);
        for (var i = 0; i < 2000; i += 97)
        {
            var change = plan.Changes[i];
            change.Address.ShouldBe($"aws_s3_bucket.b{i}");
            change.Line.ShouldBe(4 + i);
            VerdictOf(change, policy).Why.ShouldBe($"tags.n is set (found \"{i.ToString(CultureInfo.InvariantCulture)}\")");
        }
    }

    [Fact]
    public void A_single_resource_change_bigger_than_the_buffer_is_read_whole()
    {
        var huge = new string('y', 3 * 1024 * 1024);
        var json = Build.PlanJson(Build.Change("aws_s3_bucket.a", """["create"]""", null, $$"""{"blob":"{{huge}}"}"""),
            Build.Change("aws_s3_bucket.b", """["delete"]""", "{}", null));
        var plan = Build.Plan(json);
        plan.Changes.Select(c => c.Address).ShouldBe(["aws_s3_bucket.a", "aws_s3_bucket.b"]);
        plan.PeakBufferBytes.ShouldBeGreaterThan(3 * 1024 * 1024);
    }

    [Fact]
    public void OpenTofu_plans_are_read_like_terraform_plans()
    {
        var plan = PlanReader.ReadFile(RepoPaths.InCorpus("terraform-plans", "opentofu", "show-json__requires-replace.json"), PlanProjection.None);
        plan.Changes.Single().IsReplace.ShouldBeTrue();
    }
}

public class PlanReaderBufferTests
{
    [Fact]
    public void A_planned_values_section_far_bigger_than_the_buffer_is_skipped_without_holding_it()
    {
        // A regression test: skipping planned_values whole once needed it all in the buffer (the buffer doubled to its size).
        var sb = new System.Text.StringBuilder("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[");
        for (var i = 0; i < 40_000; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"address\":\"aws_s3_bucket.b").Append(i).Append("\",\"values\":{\"bucket\":\"").Append(new string('v', 200)).Append("\"}}");
        }
        sb.Append("]}},\"resource_changes\":[").Append(Build.Change("aws_s3_bucket.x", """["delete"]""", "{}", null)).Append("]}");
        var bytes = System.Text.Encoding.UTF8.GetBytes(sb.ToString());
        bytes.Length.ShouldBeGreaterThan(8_000_000);
        var plan = PlanReader.Read(new MemoryStream(bytes), "big-planned-values.json", PlanProjection.None);
        plan.Changes.Single().Address.ShouldBe("aws_s3_bucket.x");
        plan.PeakBufferBytes.ShouldBeLessThanOrEqualTo(2 * 1024 * 1024);
    }
}

public class PlanReaderEscapedKeyTests
{
    [Fact]
    public void Keys_written_with_json_escapes_are_read_like_plain_keys()
    {
        // "\u0061ddress" is "address" and "\u0063hange" is "change": JSON allows any character escaped.
        var json = """{"format_version":"1.2","resource_changes":[{"\u0061ddress":"aws_s3_bucket.a","type":"aws_s3_bucket","name":"a","\u0063hange":{"\u0061ctions":["delete"]}}]}""";
        var plan = Build.Plan(json);
        plan.Changes.Single().Address.ShouldBe("aws_s3_bucket.a");
        plan.Changes.Single().Destroys.ShouldBeTrue();
    }
}
