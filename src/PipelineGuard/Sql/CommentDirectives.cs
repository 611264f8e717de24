namespace PipelineGuard.Sql;

/// <summary>
/// What comments say to the analyser: inline allows (<c>-- pipeline-guard: allow &lt;class&gt; -- &lt;reason&gt;</c>),
/// dbmate's <c>-- migrate:up</c> / <c>-- migrate:down</c> and goose's <c>-- +goose Up</c> / <c>Down</c> sections, and Squawk's
/// <c>-- squawk-disable-assume-in-transaction</c> (honoured so files written for Squawk keep their meaning).
/// </summary>
internal sealed class CommentDirectives
{
    private const string AllowPrefix = "pipeline-guard:";
    private readonly List<(InlineAllow Allow, SqlToken Comment)> _allows = [];
    private readonly HashSet<int> _allowLines = [];
    private string _text = "";
    private readonly List<(int Offset, MigrationSection Section)> _sections = [];

    public bool DisableAssumeInTransaction { get; private set; }

    public List<AllowProblem> Problems { get; } = [];

    public static CommentDirectives Read(SqlTokenList tokens)
    {
        var result = new CommentDirectives { _text = tokens.Text };
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
        _allows.Add((allow, comment));
        _allowLines.Add(line);
    }

    /// <summary>
    /// The allow comments that apply to statement <paramref name="index"/>: one inside it or trailing it on the line where it
    /// ends, or one on the lines directly above it (only allow comments between). Each comment applies to exactly one
    /// statement, never to every statement on the next line.
    /// </summary>
    public IReadOnlyList<InlineAllow> AllowsFor(IReadOnlyList<SqlStatement> statements, int index)
    {
        if (_allows.Count == 0) return [];
        List<InlineAllow>? found = null;
        foreach (var (allow, comment) in _allows)
        {
            if (OwnerOf(statements, comment) == index) (found ??= []).Add(allow);
        }
        return found ?? (IReadOnlyList<InlineAllow>)[];
    }

    /// <summary>The statement a comment belongs to, or -1.</summary>
    private int OwnerOf(IReadOnlyList<SqlStatement> statements, SqlToken comment)
    {
        // The first statement that ends after the comment starts (binary search: statements are in order).
        int lo = 0, hi = statements.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (statements[mid].End <= comment.Start) lo = mid + 1;
            else hi = mid;
        }
        if (lo < statements.Count && statements[lo].Start < comment.Start) return lo;
        // Trailing the statement that ended earlier on the same line.
        if (lo > 0 && _text.AsSpan(statements[lo - 1].End, comment.Start - statements[lo - 1].End).IndexOf('\n') < 0) return lo - 1;
        if (lo >= statements.Count) return -1;
        // Above the next statement: every line in between holds an allow comment.
        var next = statements[lo];
        for (var line = comment.Line + 1; line < next.Line; line++)
        {
            if (!_allowLines.Contains(line)) return -1;
        }
        return next.Line > comment.Line ? lo : -1;
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
