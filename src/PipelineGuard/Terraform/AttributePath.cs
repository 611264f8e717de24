using System.Globalization;
using System.Text.Json;

namespace PipelineGuard.Terraform;

/// <summary>
/// A path into a resource's values, e.g. <c>ingress.*.cidr_blocks.*</c>: names select object
/// keys, numbers select list items, <c>*</c> selects every list item or map value.
/// </summary>
public sealed class AttributePath
{
    private readonly string[] _segments;

    private AttributePath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>The step that decodes a JSON document held in a string (IAM policies, for example).</summary>
    public const string JsonStep = "@json";

    private static bool TryParseJson(string? text, out JsonDocument? document)
    {
        document = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.TrimStart();
        if (t[0] is not ('{' or '[')) return false;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Selects values at this path inside an already extracted value (for per-element conditions).</summary>
    public List<PlanValue> Select(PlanValue root)
    {
        var result = new List<PlanValue>();
        Walk(root, 0, result);
        return result;
    }

    private void Walk(PlanValue value, int step, List<PlanValue> into)
    {
        if (value.IsUnknown)
        {
            into.Add(value);
            return;
        }
        if (step == _segments.Length)
        {
            into.Add(value);
            return;
        }
        var segment = _segments[step];
        if (segment == "*")
        {
            foreach (var item in value.Items) Walk(item, step + 1, into);
            return;
        }
        if (value.Kind == PlanValueKind.Map)
        {
            if (value.Properties.TryGetValue(segment, out var child)) Walk(child, step + 1, into);
            return;
        }
        if (value.Kind == PlanValueKind.List &&
            int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.Items.Count)
        {
            Walk(value.Items[index], step + 1, into);
        }
    }

    public IReadOnlyList<string> Segments => _segments;

    public override string ToString() => Text;

    public static AttributePath? TryParse(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an attribute path must not be empty";
            return null;
        }
        var segments = text.Split('.');
        foreach (var s in segments)
        {
            if (s.Length == 0)
            {
                error = $"attribute path '{text}' has an empty step (two dots or a dot at an end)";
                return null;
            }
            if (s.StartsWith('@') && s != JsonStep)
            {
                error = $"attribute path '{text}': the only step starting with '@' is {JsonStep}";
                return null;
            }
            if (s.Contains('*', StringComparison.Ordinal) && s != "*")
            {
                error = $"attribute path '{text}': '*' must be a whole step, not part of '{s}'";
                return null;
            }
        }
        return new AttributePath(text, segments);
    }

    public static AttributePath Parse(string text) =>
        TryParse(text, out var error) ?? throw new ArgumentException(error, nameof(text));

    /// <summary>
    /// Selects the values at this path. <paramref name="unknown"/> mirrors <paramref name="root"/>
    /// with <c>true</c> at leaves known only after apply; <paramref name="sensitive"/> mirrors it
    /// with <c>true</c> at sensitive leaves (either may be a bare bool for the whole value).
    /// </summary>
    public List<PlanValue> Select(JsonElement root, JsonElement unknown, JsonElement sensitive)
    {
        var result = new List<PlanValue>();
        Walk(root, unknown, sensitive, 0, result);
        return result;
    }

    private void Walk(JsonElement value, JsonElement unknown, JsonElement sensitive, int step, List<PlanValue> into)
    {
        var isSensitive = sensitive.ValueKind == JsonValueKind.True;
        if (unknown.ValueKind == JsonValueKind.True)
        {
            into.Add(isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown);
            return;
        }
        if (step == _segments.Length)
        {
            into.Add(ToValue(value, unknown, sensitive));
            return;
        }
        var segment = _segments[step];
        if (segment == JsonStep)
        {
            // Policy documents are JSON inside a string attribute; decode and keep walking.
            if (value.ValueKind == JsonValueKind.String && TryParseJson(value.GetString(), out var decoded))
            {
                using (decoded)
                {
                    Walk(decoded!.RootElement, default, isSensitive ? sensitive : default, step + 1, into);
                }
            }
            return;
        }
        if (segment == "*")
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, Index(unknown, i), Index(sensitive, i), step + 1, into);
                    i++;
                }
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var prop in value.EnumerateObject())
                {
                    Walk(prop.Value, Property(unknown, prop.Name), Property(sensitive, prop.Name), step + 1, into);
                }
            }
            return;
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty(segment, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                Walk(child, Property(unknown, segment), Property(sensitive, segment), step + 1, into);
            }
            else if (Property(unknown, segment).ValueKind == JsonValueKind.True)
            {
                into.Add(Property(sensitive, segment).ValueKind == JsonValueKind.True || isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown);
            }
            else if (child.ValueKind == JsonValueKind.Null && step + 1 == _segments.Length)
            {
                into.Add(new PlanValue(PlanValueKind.Null, null, false));
            }
            return;
        }
        if (value.ValueKind == JsonValueKind.Array &&
            int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            index < value.GetArrayLength())
        {
            Walk(value[index], Index(unknown, index), Index(sensitive, index), step + 1, into);
        }
    }

    private static JsonElement Property(JsonElement marker, string name) =>
        marker.ValueKind == JsonValueKind.Object && marker.TryGetProperty(name, out var child) ? child
        : marker.ValueKind == JsonValueKind.True ? marker : default;

    private static JsonElement Index(JsonElement marker, int index) =>
        marker.ValueKind == JsonValueKind.Array && index < marker.GetArrayLength() ? marker[index]
        : marker.ValueKind == JsonValueKind.True ? marker : default;

    private static PlanValue ToValue(JsonElement value, JsonElement unknown, JsonElement sensitive)
    {
        var isSensitive = sensitive.ValueKind == JsonValueKind.True;
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return new PlanValue(PlanValueKind.String, value.GetString(), isSensitive);
            case JsonValueKind.Number: return new PlanValue(PlanValueKind.Number, value.GetRawText(), isSensitive);
            case JsonValueKind.True: return new PlanValue(PlanValueKind.Bool, "true", isSensitive);
            case JsonValueKind.False: return new PlanValue(PlanValueKind.Bool, "false", isSensitive);
            case JsonValueKind.Array:
            {
                var items = new List<PlanValue>();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var u = Index(unknown, i);
                    var s = Index(sensitive, i);
                    items.Add(u.ValueKind == JsonValueKind.True
                        ? (s.ValueKind == JsonValueKind.True || isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown)
                        : ToValue(item, u, isSensitive ? sensitive : s));
                    i++;
                }
                return new PlanValue(PlanValueKind.List, null, isSensitive, items);
            }
            case JsonValueKind.Object:
            {
                var props = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
                foreach (var prop in value.EnumerateObject())
                {
                    var u = Property(unknown, prop.Name);
                    var s = Property(sensitive, prop.Name);
                    props[prop.Name] = u.ValueKind == JsonValueKind.True
                        ? (s.ValueKind == JsonValueKind.True || isSensitive ? PlanValue.SensitiveUnknown : PlanValue.Unknown)
                        : ToValue(prop.Value, u, isSensitive ? sensitive : s);
                }
                return new PlanValue(PlanValueKind.Map, null, isSensitive, properties: props);
            }
            default: return new PlanValue(PlanValueKind.Null, null, isSensitive);
        }
    }
}
