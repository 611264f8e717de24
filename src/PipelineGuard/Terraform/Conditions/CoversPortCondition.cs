using PipelineGuard.Policy;

namespace PipelineGuard.Terraform;

/// <summary><c>covers_port</c>: a selected port spec (22, "20-30", "*") opens one of the ports; a value that is no port spec is unknown, not a pass.</summary>
public sealed record CoversPortCondition(AttributePath Path, IReadOnlyList<int> Ports) : PathCondition(Path)
{
    public static AttributeCondition? Parse(YamlMap map, string key, AttributePath? path)
    {
        var ports = new List<int>();
        foreach (var text in map.StringList(key))
        {
            if (PortSpec.TryParse(text, out var from, out var to) && from == to) ports.Add(from);
            else map.Error(key, $"'{key}' takes port numbers (0-{PortSpec.MaxPort}), not '{text}'");
        }
        if (ports.Count == 0)
        {
            map.Error(key, $"'{key}' needs a list of port numbers");
            return null;
        }
        return path is null ? null : new CoversPortCondition(path, ports);
    }

    protected override ConditionResult Test(IReadOnlyList<PlanValue> after)
    {
        var unclear = (string?)null;
        foreach (var v in after)
        {
            if (v.IsUnknown)
            {
                unclear ??= $"{Path.Text} is known only after apply";
                continue;
            }
            // Providers write an unset single range as "" beside the list form.
            if (v.Kind is not (PlanValueKind.String or PlanValueKind.Number) || string.IsNullOrWhiteSpace(v.RawText)) continue;
            switch (PortSpec.Covers(v.RawText ?? "", Ports))
            {
                case true:
                    return new ConditionResult(Truth.True, $"{Path.Text} opens port {string.Join(" or ", Ports.Where(port => PortSpec.Covers(v.RawText ?? "", [port]) == true).Take(3))} (found {v.Display})");
                case null:
                    unclear ??= $"{Path.Text} is {v.Display}, which is not a port or port range";
                    break;
            }
        }
        return unclear is null ? ConditionResult.No : new ConditionResult(Truth.Unknown, unclear);
    }
}
