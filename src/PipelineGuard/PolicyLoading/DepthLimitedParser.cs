using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PipelineGuard.PolicyLoading;

/// <summary>
/// Hands a YAML parser's events on and stops at a list or map nested deeper than the limit, before the
/// recursive node loader goes deeper (one pass over the file instead of a depth pass and a load pass).
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, int maxDepth) : IParser
{
    private int _depth;

    /// <summary>Where the last event handed on ends (where a reader that stops mid-file stopped).</summary>
    public Mark LastRead { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        var current = inner.Current!;
        LastRead = current.End;
        switch (current)
        {
            case SequenceStart or MappingStart:
                if (++_depth > maxDepth) throw new TooDeepException(current.Start);
                break;
            case SequenceEnd or MappingEnd:
                _depth--;
                break;
        }
        return true;
    }

    /// <summary>The file nests deeper than the limit at <see cref="At"/>.</summary>
    public sealed class TooDeepException(Mark at) : Exception("the YAML nests too deep")
    {
        public Mark At { get; } = at;
    }
}
