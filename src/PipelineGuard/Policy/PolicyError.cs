namespace PipelineGuard.Policy;

/// <summary>A position in a policy file (1-based line and column).</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One problem in a policy file, with where it is.</summary>
public sealed record PolicyError(SourcePosition Position, string Message)
{
    public override string ToString() => $"{Position}: {Message}";
}

/// <summary>Thrown when policy files could not be loaded; carries every error found, not just the first.</summary>
public sealed class PolicyLoadException(IReadOnlyList<PolicyError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}
