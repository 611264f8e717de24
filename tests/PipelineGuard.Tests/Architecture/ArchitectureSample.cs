namespace PipelineGuard.Tests.ArchitectureSample.Upper
{
    /// <summary>Names the lower namespace in its signature.</summary>
    public static class UsesLowerInSignature
    {
        public static Lower.UsesUpperOnlyInABody Make() => new();
    }
}

namespace PipelineGuard.Tests.ArchitectureSample.Lower
{
    /// <summary>Names the upper namespace only inside a method body, which only an IL reader sees.</summary>
    public sealed class UsesUpperOnlyInABody
    {
        public override string ToString() => nameof(UsesUpperOnlyInABody) + Upper.UsesLowerInSignature.Make().GetHashCode();
    }
}
