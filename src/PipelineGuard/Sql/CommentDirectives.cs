namespace PipelineGuard.Sql;

/// <summary>
/// What comments say to the analyser: inline allows (<c>-- pipeline-guard: allow &lt;class&gt; -- &lt;reason&gt;</c>),
/// dbmate's <c>-- migrate:up</c> / <c>-- migrate:down</c> and goose's <c>-- +goose Up</c> / <c>Down</c> sections, and Squawk's
/// <c>-- squawk-disable-assume-in-transaction</c> (honoured so files written for Squawk keep their meaning).
/// </summary>
internal sealed class CommentDirectives
{
    private const string AllowPrefix = "pipeline-guard:";
    private readonly Dictionary<int, InlineAllow> _allowsByLine = [];
    private readonly List<(int Offset, MigrationSection Section)> _sections = [];

    public bool DisableAssumeInTransaction { get; private set; }

    public List<AllowProblem> Problems { get; } = [];

    public static CommentDirectives Read(SqlTokenList tokens)
    {
        var result = new CommentDirectives();
        foreach (var comment in tokens.Comments)
        {
            var body = Body(tokens.Span(comment));
            if (body.Length == 0) continue;
            if (body.StartsWith(AllowPrefix, StringComparison.OrdinalIgnoreCase))
            {
                result.ReadAllow(body[AllowPrefix.Length..].Trim(), comment);
            }
            else if (body.StartsWith("+goose Up", StringComparison.OrdinalIgnoreCase))
            {
                result._sections.Add((comment.Start, MigrationSection.Up));
            }
            else if (body.StartsWith("+goose Down", StringComparison.OrdinalIgnoreCase))
            {
                result._sections.Add((comment.Start, MigrationSection.Down));
            }
            else if (body.StartsWith("migrate:up", StringComparison.Ordinal))
            {
                result._sections.Add((comment.Start, MigrationSection.Up));
            }
            else if (body.StartsWith("migrate:down", StringComparison.Ordinal))
            {
                result._sections.Add((comment.Start, MigrationSection.Down));
            }
            else if (body.StartsWith("squawk-disable-assume-in-transaction", StringComparison.Ordinal))
            {
                result.DisableAssumeInTransaction = true;
            }
        }
        return result;
    }

    private static ReadOnlySpan<char> Body(ReadOnlySpan<char> comment)
    {
        if (comment.StartsWith("--")) comment = comment[2..];
        else if (comment.StartsWith("#")) comment = comment[1..];
        else if (comment.StartsWith("/*") && comment.EndsWith("*/") && comment.Length >= 4) comment = comment[2..^2];
        return comment.Trim();
    }

    private void ReadAllow(ReadOnlySpan<char> text, SqlToken comment)
    {
        var (line, column) = (comment.Line, comment.Column);
        if (!text.StartsWith("allow", StringComparison.OrdinalIgnoreCase))
        {
            var bad = new InlineAllow([], null, line, column);
            Problems.Add(new AllowProblem(bad, $"'pipeline-guard:' comment must read 'pipeline-guard: allow <class> -- <reason>', not '{text}'"));
            return;
        }
        text = text["allow".Length..];
        string? reason = null;
        var separator = text.IndexOf("--", StringComparison.Ordinal);
        if (separator >= 0)
        {
            var r = text[(separator + 2)..].Trim();
            reason = r.Length == 0 ? null : r.ToString();
            text = text[..separator];
        }
        var names = text.ToString().Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var allow = new InlineAllow(names, reason, line, column);
        if (names.Length == 0)
        {
            Problems.Add(new AllowProblem(allow, "the allow comment names no statement class"));
            return;
        }
        foreach (var name in names)
        {
            if (!StatementClasses.TryGet(name, out _))
            {
                Problems.Add(new AllowProblem(allow, $"'{name}' is not a statement class; known: {string.Join(", ", StatementClasses.All.Select(c => c.Name))}"));
            }
        }
        if (reason is null)
        {
            Problems.Add(new AllowProblem(allow, $"the allow comment for {string.Join(", ", names)} gives no reason ('-- <reason>' after the class): it suppresses nothing"));
        }
        _allowsByLine[line] = allow;
    }

    /// <summary>The allow comments on the lines directly above a statement starting at <paramref name="line"/>.</summary>
    public IReadOnlyList<InlineAllow> AllowsFor(int line)
    {
        if (_allowsByLine.Count == 0) return [];
        List<InlineAllow>? found = null;
        for (var l = line - 1; l >= 1 && _allowsByLine.TryGetValue(l, out var allow); l--)
        {
            (found ??= []).Add(allow);
        }
        return found ?? (IReadOnlyList<InlineAllow>)[];
    }

    public MigrationSection SectionAt(int offset)
    {
        var section = MigrationSection.Up;
        foreach (var (at, value) in _sections)
        {
            if (at > offset) break;
            section = value;
        }
        return section;
    }
}
