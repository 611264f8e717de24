using System.Globalization;
using System.Text.Json;

namespace PipelineGuard.InputGenerator;

/// <summary>
/// Writes a realistic terraform plan JSON, deterministic for a seed: modules with count and
/// for_each instances, nested blocks, tags, sensitive and unknown values, planned_values and
/// prior_state beside resource_changes, and about 1-2% deletes and replaces.
/// </summary>
public static class PlanGenerator
{
    private static readonly string[] s_types =
    [
        "aws_instance", "aws_security_group", "aws_s3_bucket", "aws_iam_role", "aws_iam_policy", "aws_db_instance",
        "aws_lambda_function", "aws_cloudwatch_log_group", "aws_route53_record", "aws_lb_target_group", "aws_ecs_service",
        "aws_sqs_queue", "aws_dynamodb_table", "aws_kms_key", "aws_subnet", "aws_route_table", "aws_ebs_volume",
        "aws_security_group_rule", "aws_iam_role_policy_attachment", "aws_sns_topic",
    ];

    public static void Write(Stream output, int resources, int seed)
    {
        var random = new Random(seed);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var changes = new List<Resource>(resources);
        for (var i = 0; i < resources; i++) changes.Add(Resource.Make(i, random));

        w.WriteStartObject();
        w.WriteString("format_version", "1.2");
        w.WriteString("terraform_version", "1.9.5");
        w.WriteStartObject("variables");
        w.WriteStartObject("environment");
        w.WriteString("value", "production");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("planned_values");
        w.WriteStartObject("root_module");
        w.WriteStartArray("resources");
        foreach (var r in changes.Where(c => c.Action != "delete"))
        {
            w.WriteStartObject();
            w.WriteString("address", r.Address);
            w.WriteString("mode", "managed");
            w.WriteString("type", r.Type);
            w.WriteString("name", r.Name);
            w.WriteString("provider_name", "registry.terraform.io/hashicorp/aws");
            w.WriteNumber("schema_version", 1);
            w.WritePropertyName("values");
            r.WriteValues(w, after: true);
            w.WriteStartObject("sensitive_values");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("resource_changes");
        foreach (var r in changes) r.WriteChange(w);
        w.WriteEndArray();

        w.WriteStartObject("prior_state");
        w.WriteString("format_version", "1.0");
        w.WriteString("terraform_version", "1.9.5");
        w.WriteStartObject("values");
        w.WriteStartObject("root_module");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("timestamp", "2026-11-21T10:00:00Z");
        w.WriteBoolean("applyable", true);
        w.WriteBoolean("complete", true);
        w.WriteBoolean("errored", false);
        w.WriteEndObject();
        w.Flush();
    }

    private sealed record Resource(string Address, string? Module, string Type, string Name, string? Index, string Action, int Number, int Seed)
    {
        public static Resource Make(int i, Random random)
        {
            var type = s_types[random.Next(s_types.Length)];
            var roll = random.Next(1000);
            var action = roll switch
            {
                < 8 => "delete",
                < 16 => "replace",
                < 500 => "create",
                < 750 => "update",
                < 760 => "read",
                _ => "no-op",
            };
            string? module = null;
            if (random.Next(3) > 0)
            {
                module = $"module.svc_{random.Next(200)}";
                if (random.Next(4) == 0) module += $"[\"{(char)('a' + random.Next(26))}{random.Next(100)}\"].module.inner";
            }
            var name = $"r{i}";
            string? index = random.Next(4) == 0 ? random.Next(8).ToString(CultureInfo.InvariantCulture) : null;
            var address = (module is null ? "" : module + ".") + $"{type}.{name}" + (index is null ? "" : $"[{index}]");
            return new Resource(address, module, type, name, index, action, i, random.Next());
        }

        public void WriteChange(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("address", Address);
            if (Module is not null) w.WriteString("module_address", Module);
            w.WriteString("mode", Action == "read" ? "data" : "managed");
            w.WriteString("type", Type);
            w.WriteString("name", Name);
            if (Index is not null) w.WriteNumber("index", int.Parse(Index, CultureInfo.InvariantCulture));
            w.WriteString("provider_name", "registry.terraform.io/hashicorp/aws");
            w.WriteStartObject("change");
            w.WriteStartArray("actions");
            switch (Action)
            {
                case "replace":
                    w.WriteStringValue("delete");
                    w.WriteStringValue("create");
                    break;
                default:
                    w.WriteStringValue(Action);
                    break;
            }
            w.WriteEndArray();
            w.WritePropertyName("before");
            if (Action == "create") w.WriteNullValue();
            else WriteValues(w, after: false);
            w.WritePropertyName("after");
            if (Action == "delete") w.WriteNullValue();
            else WriteValues(w, after: true);
            w.WriteStartObject("after_unknown");
            if (Action is "create" or "replace")
            {
                w.WriteBoolean("id", true);
            }
            w.WriteEndObject();
            w.WriteStartObject("before_sensitive");
            if (Action != "create") w.WriteBoolean("secret", true);
            w.WriteEndObject();
            if (Action == "delete")
            {
                w.WriteBoolean("after_sensitive", false);
            }
            else
            {
                w.WriteStartObject("after_sensitive");
                w.WriteBoolean("secret", true);
                w.WriteEndObject();
            }
            if (Action == "replace")
            {
                w.WriteStartArray("replace_paths");
                w.WriteStartArray();
                w.WriteStringValue("name");
                w.WriteEndArray();
                w.WriteEndArray();
            }
            w.WriteEndObject();
            if (Action == "replace") w.WriteString("action_reason", "replace_because_cannot_update");
            w.WriteEndObject();
        }

        public void WriteValues(Utf8JsonWriter w, bool after)
        {
            var r = new Random(Seed);
            w.WriteStartObject();
            w.WriteString("name", after && Action == "replace" ? $"{Name}-v2" : Name);
            w.WriteString("secret", $"s3cr3t-{Seed:x8}");
            if (!(after && Action is "create" or "replace"))
            {
                w.WriteString("id", $"id-{Seed:x8}");
            }
            w.WriteNumber("port", 1024 + r.Next(60000));
            w.WriteBoolean("enabled", r.Next(2) == 0);
            w.WriteStartObject("tags");
            w.WriteString("team", $"team-{r.Next(40)}");
            w.WriteString("environment", "production");
            w.WriteEndObject();
            w.WriteStartArray("ingress");
            var blocks = Type == "aws_security_group" ? 1 + r.Next(3) : 0;
            for (var b = 0; b < blocks; b++)
            {
                w.WriteStartObject();
                w.WriteStartArray("cidr_blocks");
                w.WriteStringValue(r.Next(50) == 0 ? "0.0.0.0/0" : $"10.{r.Next(255)}.0.0/16");
                w.WriteEndArray();
                var port = r.Next(10) == 0 ? 22 : 443;
                w.WriteNumber("from_port", port);
                w.WriteNumber("to_port", port);
                w.WriteString("protocol", "tcp");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (Type is "aws_instance" or "aws_ebs_volume")
            {
                w.WriteStartArray("root_block_device");
                w.WriteStartObject();
                w.WriteNumber("volume_size", 8 + r.Next(500));
                w.WriteString("volume_type", "gp3");
                w.WriteBoolean("encrypted", r.Next(20) != 0);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            if (Type is "aws_iam_policy")
            {
                var action = r.Next(30) == 0 ? "*" : "s3:GetObject";
                w.WriteString("policy", $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"{action}\",\"Resource\":\"*\"}}]}}");
            }
            if (Type is "aws_db_instance")
            {
                w.WriteBoolean("deletion_protection", r.Next(5) != 0);
                w.WriteBoolean("skip_final_snapshot", r.Next(5) == 0);
            }
            w.WriteEndObject();
        }
    }
}
