using System.Globalization;

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

    /// <summary>Selects values at this path inside an already extracted value (for per-element conditions).</summary>
    public List<PlanValue> Select(PlanValue root)
    {
        var result = new List<PlanValue>();
        Walk(root, 0, result);
        return result;
    }

    /// <summary>Selects into a list the caller reuses (the plan reader copies what it keeps).</summary>
    public void SelectInto(PlanValue root, List<PlanValue> into) => Walk(root, 0, into);

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
        if (segment == JsonStep)
        {
            if (value.Decoded is { } decoded) Walk(decoded, step + 1, into);
            return;
        }
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

}
