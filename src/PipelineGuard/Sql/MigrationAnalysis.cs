namespace PipelineGuard.Sql;

/// <summary>How a file is analysed: its dialect, the PostgreSQL version lock behaviour depends on, and whether the migration tool wraps it in a transaction.</summary>
public readonly record struct SqlAnalysisSettings(SqlDialect Dialect, int PostgresVersion = 15, bool AssumeInTransaction = false);

/// <summary>Which part of a file a statement is in: dbmate's <c>-- migrate:down</c> section is a rollback.</summary>
public enum MigrationSection { Up, Down }

/// <summary>Where a statement starts and its kind, named as PostgreSQL's parser names its nodes; null when the analyser does not know it.</summary>
public readonly record struct StatementOutline(int Start, int Line, string? Kind);

/// <summary>One class a statement falls into, with a sentence saying what it does here.</summary>
public sealed record StatementFinding(StatementClass Class, string Message);

/// <summary>An inline <c>-- pipeline-guard: allow ...</c> comment that applies to a statement.</summary>
/// <param name="Reason">Null when the comment gives no reason (it then suppresses nothing and is a finding itself).</param>
public sealed record InlineAllow(IReadOnlyList<string> ClassNames, string? Reason, int Line, int Column);

/// <summary>A statement with its position, its source span and the classes it falls into.</summary>
public sealed record AnalysedStatement(
    int Line,
    int Column,
    SourceSpan Source,
    MigrationSection Section,
    IReadOnlyList<StatementFinding> Findings,
    IReadOnlyList<InlineAllow> Allows)
{
    /// <summary>The statement's first words on one line, for messages (computed on demand unless kept by <see cref="Compact"/>).</summary>
    public string Excerpt
    {
        get => field ?? Source.Excerpt();
        init;
    }

    /// <summary>This statement with its excerpt kept and its source text let go, so the file's text can be collected.</summary>
    public AnalysedStatement Compact() => this with { Excerpt = Excerpt, Source = default };
}

/// <summary>A span of a source text.</summary>
public readonly record struct SourceSpan(string Text, int Start, int End)
{
    /// <summary>
    /// An excerpt for a message, in quotes: the statement's closing <c>;</c> dropped and a cut excerpt
    /// ended at a word boundary with "…", so it reads <c>"DELETE FROM sessions": ...</c>.
    /// </summary>
    public static string Quote(string excerpt)
    {
        var text = excerpt;
        if (text.EndsWith(" ...", StringComparison.Ordinal))
        {
            text = text[..^4];
            var space = text.LastIndexOf(' ');
            if (space >= 24) text = text[..space];
            return "\"" + text.TrimEnd(';', ' ', ',') + " …\"";
        }
        return "\"" + text.TrimEnd().TrimEnd(';').TrimEnd() + "\"";
    }

    /// <summary>Up to 72 characters with runs of whitespace folded to one space, and " ..." when cut.</summary>
    public string Excerpt()
    {
        var limit = Math.Min(End, Start + 200);
        Span<char> buffer = stackalloc char[80];
        var length = 0;
        var space = false;
        var i = Start;
        for (; i < limit && length < 72; i++)
        {
            var c = Text[i];
            if (char.IsWhiteSpace(c))
            {
                space = length > 0;
                continue;
            }
            if (space) buffer[length++] = ' ';
            space = false;
            buffer[length++] = c;
        }
        var cut = i < End && Text.AsSpan(i, End - i).Trim().Length > 0;
        return cut ? string.Concat(buffer[..length], " ...") : new string(buffer[..length]);
    }
}

/// <summary>Where a file misses a required setting (lock or statement timeout, a transaction): the first statement that needed it.</summary>
public sealed record RequirementGap(int Line, int Column, string Excerpt);

/// <summary>Everything the analyser found in one file.</summary>
public sealed record FileAnalysis(
    IReadOnlyList<AnalysedStatement> Statements,
    RequirementGap? MissingLockTimeout,
    RequirementGap? MissingStatementTimeout,
    RequirementGap? MissingTransaction,
    IReadOnlyList<AllowProblem> AllowProblems)
{
    /// <summary>How many statements the file holds (kept when <see cref="Compact"/> drops the ones without findings).</summary>
    public int StatementCount { get; init; } = Statements.Count;

    /// <summary>Only the statements with findings, without source text: what rules judge, held for every file of a large set.</summary>
    public FileAnalysis Compact() => this with
    {
        Statements = [.. Statements.Where(s => s.Findings.Count > 0).Select(s => s.Compact())],
        StatementCount = StatementCount,
    };
}

/// <summary>An inline allow comment that is itself wrong: no reason, or a class name that does not exist.</summary>
public sealed record AllowProblem(InlineAllow Allow, string Problem);
