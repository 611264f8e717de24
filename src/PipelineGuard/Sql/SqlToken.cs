namespace PipelineGuard.Sql;

/// <summary>What a token is. Comments and whitespace never reach the classifier as code.</summary>
public enum SqlTokenKind : byte
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Punctuation,
    Semicolon,
    /// <summary>A custom terminator (MySQL DELIMITER, <c>-- atlas:delimiter</c>) or a T-SQL <c>GO</c> line.</summary>
    Delimiter,
    /// <summary>A DELIMITER command or directive: ends any open statement, is not part of one.</summary>
    DelimiterChange,
    Comment,
}

/// <summary>A span of the source with its 1-based line and column.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, int Line, int Column)
{
    public int End => Start + Length;
}

/// <summary>The source could not be lexed (an unterminated string, comment or quoted identifier).</summary>
public sealed class SqlSyntaxException(int line, int column, string problem)
    : Exception($"{line}:{column}: {problem}")
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}
