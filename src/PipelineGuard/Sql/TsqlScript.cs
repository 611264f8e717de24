using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PipelineGuard.Sql;

/// <summary>
/// One T-SQL statement as SQL Server's own parser (Microsoft.SqlServer.TransactSql.ScriptDom) reads it: its span of the
/// text, its node type (<c>DropTableStatement</c>, <c>IfStatement</c>, ...) and, for IF, WHILE, BEGIN ... END and
/// TRY ... CATCH, the statements it runs (in text order).
/// </summary>
public sealed record TsqlStatement(int Start, int End, string Kind, IReadOnlyList<TsqlStatement> Inner);

/// <summary>Where SQL Server's parser stopped reading a text, and why.</summary>
public sealed record TsqlParseError(int Offset, int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>
/// Reads T-SQL with SQL Server's parser. Only the parser is used (never the script generator, whose reflection is the
/// package's one Native AOT warning). GO lines end batches as sqlcmd and SSMS read them; QUOTED_IDENTIFIER is ON, the
/// default of every current client.
/// </summary>
public static class TsqlScript
{
    /// <summary>The top-level statements of every batch, or the first error when the parser cannot read the text.</summary>
    public static (IReadOnlyList<TsqlStatement> Statements, TsqlParseError? Error) Parse(string text)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        TSqlFragment? fragment;
        IList<ParseError> errors;
        using (var reader = new StringReader(text))
        {
            fragment = parser.Parse(reader, out errors);
        }
        if (errors.Count > 0)
        {
            var e = errors[0];
            return ([], new TsqlParseError(e.Offset, e.Line, e.Column, e.Message));
        }
        var statements = new List<TsqlStatement>();
        if (fragment is TSqlScript script)
        {
            foreach (var batch in script.Batches)
            {
                foreach (var statement in batch.Statements) statements.Add(Of(statement));
            }
        }
        return (statements, null);
    }

    private static TsqlStatement Of(TSqlStatement statement)
    {
        var inner = new List<TsqlStatement>();
        void Add(TSqlStatement? s)
        {
            if (s is not null) inner.Add(Of(s));
        }
        void AddAll(StatementList? list)
        {
            if (list is null) return;
            foreach (var s in list.Statements) Add(s);
        }
        switch (statement)
        {
            case IfStatement s:
                Add(s.ThenStatement);
                Add(s.ElseStatement);
                break;
            case WhileStatement s:
                Add(s.Statement);
                break;
            case BeginEndBlockStatement s:
                AddAll(s.StatementList);
                break;
            case TryCatchStatement s:
                AddAll(s.TryStatements);
                AddAll(s.CatchStatements);
                break;
        }
        return new TsqlStatement(statement.StartOffset, statement.StartOffset + statement.FragmentLength, statement.GetType().Name, inner);
    }

    /// <summary>True for the compound statements whose inner statements are what runs.</summary>
    public static bool IsCompound(TsqlStatement s) => s.Kind is nameof(IfStatement) or nameof(WhileStatement) or
        nameof(BeginEndBlockStatement) or nameof(BeginEndAtomicBlockStatement) or nameof(TryCatchStatement);
}
