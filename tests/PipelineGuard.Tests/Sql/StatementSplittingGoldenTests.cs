using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Sql;

/// <summary>Atlas's statement-splitting goldens: each file split into exactly the statements of its .golden file.</summary>
public sealed class StatementSplittingGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var root = RepoPaths.InCorpus("migrations", "atlas-lex");
        foreach (var golden in Directory.EnumerateFiles(root, "*.golden", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, golden[..^".golden".Length]).Replace('\\', '/'));
        }
        return data;
    }

    /// <summary>The scanner options Atlas's own test uses for each fixture (from the corpus notes).</summary>
    internal static SqlLexerOptions OptionsFor(string name)
    {
        var ms = name.Contains("_ms", StringComparison.Ordinal) || name.StartsWith("sqlserver/", StringComparison.Ordinal) || name.StartsWith("lexbegintry/", StringComparison.Ordinal);
        if (ms)
        {
            return SqlLexerOptions.For(SqlDialect.SqlServer) with { GoBatches = name.Contains("_ms", StringComparison.Ordinal) };
        }
        if (name.EndsWith(".pg.sql", StringComparison.Ordinal))
        {
            return SqlLexerOptions.For(SqlDialect.Postgres);
        }
        // Atlas's generic scanner: MySQL-style quoting and comments plus dollar quotes and E'' strings.
        return SqlLexerOptions.For(SqlDialect.MySql) with
        {
            DollarQuotes = !name.Contains("delimiter", StringComparison.Ordinal),
            EscapeStringPrefix = true,
            HashComments = !name.Contains("_pg", StringComparison.Ordinal),
            DoubleQuoteIsString = name.EndsWith(".my.sql", StringComparison.Ordinal) || name.Contains("mysql_command", StringComparison.Ordinal),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Atlas_golden_statement_split_is_reproduced(string name)
    {
        var root = RepoPaths.InCorpus("migrations", "atlas-lex");
        var source = File.ReadAllText(Path.Combine(root, name));
        var golden = File.ReadAllText(Path.Combine(root, name + ".golden"));
        // Atlas reports an empty statement for a leading GO; an empty batch is not a statement here.
        var expected = golden.Split("\n-- end --\n").Where(s => s.Trim().Length > 0).ToList();

        var options = OptionsFor(name);
        var tokens = SqlLexer.Tokenize(source, options);
        var actual = SqlStatementSplitter.Split(tokens, options.Dialect).Select(s => s.Text(source)).ToList();

        actual.ShouldBe(expected);
    }

    [Fact]
    public void A_backslash_in_a_standard_postgres_string_is_not_an_escape_but_mysql_rules_make_it_unterminated()
    {
        var source = File.ReadAllText(RepoPaths.InCorpus("migrations", "atlas-lex", "lexescaped", "2.pg.sql"));
        SqlStatementSplitter.Split(SqlLexer.Tokenize(source, SqlLexerOptions.For(SqlDialect.Postgres)), SqlDialect.Postgres).Count.ShouldBe(4);

        var error = Should.Throw<SqlSyntaxException>(() => SqlLexer.Tokenize(source, SqlLexerOptions.For(SqlDialect.MySql)));
        error.Line.ShouldBe(4);
        error.Problem.ShouldContain("unterminated string");
    }
}
