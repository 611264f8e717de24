namespace PipelineGuard.Model;

/// <summary>The kinds of thing a finding can point at.</summary>
public static class TargetKinds
{
    public const string TerraformResource = "terraform-resource";
    public const string TerraformPlan = "terraform-plan";
    public const string File = "file";
    public const string Deployment = "deployment";
    public const string Policy = "policy";
}

/// <summary>
/// Where a finding points: a resource address in a plan, a file:line:column in a migration,
/// or the deployment as a whole. <see cref="SourceFile"/>/<see cref="SourceLine"/> are filled
/// when a terraform address could be mapped back to its <c>.tf</c> block.
/// </summary>
public sealed record Target(
    string Kind,
    string? Address = null,
    string? File = null,
    int? Line = null,
    int? Column = null)
{
    public string? SourceFile { get; init; }
    public int? SourceLine { get; init; }

    public static Target Deployment { get; } = new(TargetKinds.Deployment);

    /// <summary>The string that exception globs are matched against: the address, else the file.</summary>
    public IEnumerable<string> MatchKeys()
    {
        if (Address is not null) yield return Address;
        if (File is not null) yield return File.Replace('\\', '/');
        if (SourceFile is not null) yield return SourceFile.Replace('\\', '/');
        if (Address is null && File is null) yield return Kind;
    }

    public string Describe()
    {
        if (Address is not null) return Address;
        if (File is not null)
        {
            return Line is { } line
                ? Column is { } col ? $"{File}:{line}:{col}" : $"{File}:{line}"
                : File;
        }
        return Kind;
    }
}
