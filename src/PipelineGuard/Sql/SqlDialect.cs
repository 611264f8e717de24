namespace PipelineGuard.Sql;

/// <summary>The SQL dialects the analyser understands; the lexer's rules and some statement classes differ per dialect.</summary>
public enum SqlDialect { Postgres, MySql, SqlServer, Sqlite }

/// <summary>What the lexer treats as code and what not. A dialect gives the defaults; tests may reproduce another tool's scanner options.</summary>
public sealed record SqlLexerOptions
{
    public required SqlDialect Dialect { get; init; }

    /// <summary><c>#</c> starts a line comment (MySQL).</summary>
    public bool HashComments { get; init; }

    /// <summary>Block comments nest (PostgreSQL, SQL Server).</summary>
    public bool NestedBlockComments { get; init; }

    /// <summary>Backslash escapes a character inside every quoted string (MySQL).</summary>
    public bool BackslashEscapes { get; init; }

    /// <summary><c>E'..'</c> strings take backslash escapes (PostgreSQL).</summary>
    public bool EscapeStringPrefix { get; init; }

    /// <summary><c>$$..$$</c> and <c>$tag$..$tag$</c> are strings (PostgreSQL).</summary>
    public bool DollarQuotes { get; init; }

    /// <summary><c>"..."</c> is a string rather than an identifier (MySQL without ANSI_QUOTES).</summary>
    public bool DoubleQuoteIsString { get; init; }

    /// <summary><c>`x`</c> quotes an identifier (MySQL, SQLite).</summary>
    public bool Backticks { get; init; }

    /// <summary><c>[x]</c> quotes an identifier (SQL Server, SQLite).</summary>
    public bool Brackets { get; init; }

    /// <summary>A line holding only <c>GO</c> (optionally a count) ends a batch (SQL Server tools).</summary>
    public bool GoBatches { get; init; }

    /// <summary>The mysql client's <c>DELIMITER x</c> command changes the statement terminator.</summary>
    public bool DelimiterCommand { get; init; }

    /// <summary><c>/*! ... */</c> is code for MySQL servers, not a comment.</summary>
    public bool VersionedComments { get; init; }

    /// <summary><c>@name</c> is a variable word (MySQL, SQL Server).</summary>
    public bool AtVariables { get; init; }

    public static SqlLexerOptions For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => new() { Dialect = dialect, NestedBlockComments = true, EscapeStringPrefix = true, DollarQuotes = true },
        SqlDialect.MySql => new()
        {
            Dialect = dialect, HashComments = true, BackslashEscapes = true, DoubleQuoteIsString = true, Backticks = true,
            DelimiterCommand = true, VersionedComments = true, AtVariables = true,
        },
        SqlDialect.SqlServer => new() { Dialect = dialect, NestedBlockComments = true, Brackets = true, GoBatches = true, AtVariables = true },
        _ => new() { Dialect = dialect, Backticks = true, Brackets = true },
    };
}

/// <summary>The words the policy uses for dialects.</summary>
public static class SqlDialects
{
    public static IReadOnlyDictionary<string, SqlDialect> ByName { get; } = new Dictionary<string, SqlDialect>(StringComparer.Ordinal)
    {
        ["postgres"] = SqlDialect.Postgres,
        ["mysql"] = SqlDialect.MySql,
        ["mariadb"] = SqlDialect.MySql,
        ["sqlserver"] = SqlDialect.SqlServer,
        ["sqlite"] = SqlDialect.Sqlite,
    };

    public static string NameOf(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "postgres",
        SqlDialect.MySql => "mysql",
        SqlDialect.SqlServer => "sqlserver",
        _ => "sqlite",
    };
}
