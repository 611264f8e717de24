using System.Text.RegularExpressions;

namespace PipelineGuard.Sql;

/// <summary>One database a migration names, where, and how (safe to print).</summary>
public sealed record DatabaseReference(string Database, int Line, string How);

/// <summary>
/// The databases a migration names besides the one it runs in: database-qualified names
/// (T-SQL <c>db.schema.table</c>, <c>db..table</c> and <c>server.db.schema.table</c>; MySQL and
/// MariaDB <c>db.table</c>; PostgreSQL <c>db.schema.table</c>), <c>USE db</c>, and connection
/// targets of dblink / postgres_fdw (<c>dbname=...</c> in a connection string, <c>OPTIONS (dbname '...')</c>).
/// Comments and string contents other than connection strings are never read as names.
/// </summary>
public static class DatabaseReferences
{
    private static readonly Regex s_dbname = new(@"(?:^|\s)dbname\s*=\s*'?([^\s']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public static IReadOnlyList<DatabaseReference> Find(string text, SqlDialect dialect)
    {
        var tokens = SqlLexer.Tokenize(text, SqlLexerOptions.For(dialect));
        var code = tokens.Code;
        var found = new List<DatabaseReference>();
        for (var i = 0; i < code.Count; i++)
        {
            var t = code[i];
            if (t.Kind == SqlTokenKind.String)
            {
                var content = Unquote(tokens.Span(t).ToString());
                var previousIsDbname = i > 0 && code[i - 1].Kind == SqlTokenKind.Word && tokens.Span(code[i - 1]).Equals("dbname", StringComparison.OrdinalIgnoreCase);
                if (previousIsDbname) found.Add(new(content, t.Line, "postgres_fdw server option dbname"));
                else if (s_dbname.Match(content) is { Success: true } m) found.Add(new(m.Groups[1].Value, t.Line, "connection string dbname= (dblink)"));
                continue;
            }
            if (t.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) continue;
            if (t.Kind == SqlTokenKind.Word && tokens.Span(t).Equals("use", StringComparison.OrdinalIgnoreCase)
                && dialect is SqlDialect.SqlServer or SqlDialect.MySql
                && (i == 0 || code[i - 1].Kind is SqlTokenKind.Semicolon or SqlTokenKind.Delimiter)
                && i + 1 < code.Count && code[i + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                found.Add(new(Unquote(tokens.Span(code[i + 1]).ToString()), t.Line, "USE"));
                i++;
                continue;
            }
            // A dotted name: part (. part)*, with T-SQL's empty middle part in db..table.
            var parts = new List<string> { Unquote(tokens.Span(t).ToString()) };
            var j = i;
            while (j + 1 < code.Count && IsDot(tokens, code[j + 1]))
            {
                if (j + 2 < code.Count && IsDot(tokens, code[j + 2]))
                {
                    parts.Add("");
                    j++;
                    continue;
                }
                if (j + 2 >= code.Count || code[j + 2].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) break;
                parts.Add(Unquote(tokens.Span(code[j + 2]).ToString()));
                j += 2;
            }
            if (i > 0 && IsDot(tokens, code[i - 1])) continue;
            var n = parts.Count;
            var database = dialect switch
            {
                SqlDialect.SqlServer when n >= 3 => parts[n - 3],
                SqlDialect.MySql when n is 2 or 3 => parts[0],
                SqlDialect.Postgres when n == 3 => parts[0],
                _ => null,
            };
            if (!string.IsNullOrEmpty(database))
            {
                found.Add(new(database, t.Line, $"qualified name {string.Join('.', parts)}"));
            }
            i = j;
        }
        return found;
    }

    private static bool IsDot(SqlTokenList tokens, SqlToken t) => t.Kind == SqlTokenKind.Punctuation && tokens.Span(t) is ".";

    private static string Unquote(string s)
    {
        if (s.Length >= 2 && ((s[0] == '[' && s[^1] == ']') || (s[0] == '`' && s[^1] == '`') || (s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')))
        {
            var q = s[0] == '[' ? "]" : s[0].ToString();
            return s[1..^1].Replace(q + q, q, StringComparison.Ordinal);
        }
        if (s.StartsWith("E'", StringComparison.OrdinalIgnoreCase) || s.StartsWith("N'", StringComparison.OrdinalIgnoreCase)) return Unquote(s[1..]);
        return s;
    }
}
