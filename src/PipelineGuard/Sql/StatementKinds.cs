namespace PipelineGuard.Sql;

/// <summary>
/// What kind of statement this is, named as PostgreSQL's parser names its parse nodes (<c>CreateStmt</c>,
/// <c>DropStmt:OBJECT_TABLE</c>, ...), so the libpg-query oracle test can compare kinds one for one. Null means the
/// analyser does not know the statement: it is then an <c>unclassified-statement</c>, never a silent pass.
/// </summary>
internal static class StatementKinds
{
    public static string? KindOf(StatementView s, SqlDialect dialect)
    {
        if (s.Count == 0) return null;
        if (s.IsPunct(0, '(')) return "SelectStmt";
        if (s[0].Kind != SqlTokenKind.Word) return null;
        var kind = Common(s);
        if (kind is not null) return kind;
        return dialect switch
        {
            SqlDialect.Postgres => Postgres(s),
            SqlDialect.MySql => MySql(s),
            SqlDialect.SqlServer => SqlServer(s),
            _ => Sqlite(s),
        };
    }

    /// <summary>Kinds every dialect spells the same way.</summary>
    private static string? Common(StatementView s)
    {
        if (s.Is(0, "SELECT") || s.Is(0, "VALUES")) return "SelectStmt";
        if (s.Is(0, "INSERT")) return "InsertStmt";
        if (s.Is(0, "UPDATE")) return "UpdateStmt";
        if (s.Is(0, "DELETE")) return "DeleteStmt";
        if (s.Is(0, "MERGE")) return "MergeStmt";
        if (s.Is(0, "WITH")) return WithKind(s);
        if (s.Is(0, "TRUNCATE")) return "TruncateStmt";
        if (s.Is(0, "GRANT")) return "GrantStmt";
        if (s.Is(0, "REVOKE")) return "GrantStmt";
        return null;
    }

    /// <summary>A WITH statement is the kind of its main verb after the CTEs.</summary>
    private static string? WithKind(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "RECURSIVE")) i++;
        while (i < s.Count && s.IsName(i))
        {
            i++;
            if (s.IsPunct(i, '(')) i = s.SkipParens(i);
            if (!s.Is(i, "AS")) return null;
            i++;
            if (s.Is(i, "NOT")) i++;
            if (s.Is(i, "MATERIALIZED")) i++;
            if (!s.IsPunct(i, '(')) return null;
            i = s.SkipParens(i);
            if (!s.IsPunct(i, ',')) break;
            i++;
        }
        if (s.Is(i, "SELECT") || s.Is(i, "VALUES") || s.IsPunct(i, '(') || s.Is(i, "TABLE")) return "SelectStmt";
        if (s.Is(i, "INSERT")) return "InsertStmt";
        if (s.Is(i, "UPDATE")) return "UpdateStmt";
        if (s.Is(i, "DELETE")) return "DeleteStmt";
        if (s.Is(i, "MERGE")) return "MergeStmt";
        return null;
    }

    private static string? Postgres(StatementView s)
    {
        var w = s.Span(0).ToString().ToUpperInvariant();
        return w switch
        {
            "CREATE" => PostgresCreate(s),
            "ALTER" => PostgresAlter(s),
            "DROP" => PostgresDrop(s),
            "TABLE" => "SelectStmt",
            "BEGIN" => "TransactionStmt:TRANS_STMT_BEGIN",
            "START" when s.Is(1, "TRANSACTION") => "TransactionStmt:TRANS_STMT_START",
            "COMMIT" when s.Is(1, "PREPARED") => "TransactionStmt:TRANS_STMT_COMMIT_PREPARED",
            "COMMIT" or "END" => "TransactionStmt:TRANS_STMT_COMMIT",
            "ROLLBACK" or "ABORT" when s.Is(1, "TO") || s.Is(2, "TO") => "TransactionStmt:TRANS_STMT_ROLLBACK_TO",
            "ROLLBACK" when s.Is(1, "PREPARED") => "TransactionStmt:TRANS_STMT_ROLLBACK_PREPARED",
            "ROLLBACK" or "ABORT" => "TransactionStmt:TRANS_STMT_ROLLBACK",
            "SAVEPOINT" => "TransactionStmt:TRANS_STMT_SAVEPOINT",
            "RELEASE" => "TransactionStmt:TRANS_STMT_RELEASE",
            "PREPARE" when s.Is(1, "TRANSACTION") => "TransactionStmt:TRANS_STMT_PREPARE",
            "PREPARE" => "PrepareStmt",
            "EXECUTE" => "ExecuteStmt",
            "DEALLOCATE" => "DeallocateStmt",
            "SET" when s.Is(1, "CONSTRAINTS") => "ConstraintsSetStmt",
            "SET" or "RESET" => "VariableSetStmt",
            "SHOW" => "VariableShowStmt",
            "LOCK" => "LockStmt",
            "VACUUM" or "ANALYZE" or "ANALYSE" => "VacuumStmt",
            "REFRESH" => "RefreshMatViewStmt",
            "COMMENT" => "CommentStmt",
            "DO" => "DoStmt",
            "CALL" => "CallStmt",
            "COPY" => "CopyStmt",
            "EXPLAIN" => "ExplainStmt",
            "REINDEX" => "ReindexStmt",
            "CLUSTER" => "ClusterStmt",
            "NOTIFY" => "NotifyStmt",
            "LISTEN" => "ListenStmt",
            "UNLISTEN" => "UnlistenStmt",
            "DISCARD" => "DiscardStmt",
            "CHECKPOINT" => "CheckPointStmt",
            "LOAD" => "LoadStmt",
            "SECURITY" => "SecLabelStmt",
            "IMPORT" => "ImportForeignSchemaStmt",
            "REASSIGN" => "ReassignOwnedStmt",
            "GRANT" or "REVOKE" => "GrantStmt",
            _ => null,
        };
    }

    /// <summary>The index after CREATE's modifiers (OR REPLACE, TEMP, UNLOGGED, ...), at the object word.</summary>
    private static int ObjectWord(StatementView s)
    {
        var i = 1;
        if (s.Is(i, "OR") && s.Is(i + 1, "REPLACE")) i += 2;
        while (s.Is(i, "TEMP") || s.Is(i, "TEMPORARY") || s.Is(i, "UNLOGGED") || s.Is(i, "GLOBAL") || s.Is(i, "LOCAL") ||
               s.Is(i, "RECURSIVE") || s.Is(i, "TRUSTED") || s.Is(i, "PROCEDURAL") || s.Is(i, "DEFAULT")) i++;
        return i;
    }

    private static string? PostgresCreate(StatementView s)
    {
        var i = ObjectWord(s);
        if (s.Is(i, "UNIQUE") || s.Is(i, "INDEX")) return "IndexStmt";
        if (s.Is(i, "TABLE"))
        {
            var (_, next) = s.Name(s.Is(i + 1, "IF") ? i + 4 : i + 1);
            // Column definitions are in parentheses (GENERATED ALWAYS AS too): a top-level AS is CREATE TABLE ... AS query.
            return s.FindTopLevel(next, s.Count, "AS") >= 0 ? "CreateTableAsStmt" : "CreateStmt";
        }
        if (s.Is(i, "FUNCTION") || s.Is(i, "PROCEDURE")) return "CreateFunctionStmt";
        if (s.Is(i, "TRIGGER") || (s.Is(i, "CONSTRAINT") && s.Is(i + 1, "TRIGGER"))) return "CreateTrigStmt";
        if (s.Is(i, "EVENT") && s.Is(i + 1, "TRIGGER")) return "CreateEventTrigStmt";
        if (s.Is(i, "VIEW")) return "ViewStmt";
        if (s.Is(i, "MATERIALIZED")) return "CreateTableAsStmt";
        if (s.Is(i, "SEQUENCE")) return "CreateSeqStmt";
        if (s.Is(i, "SCHEMA")) return "CreateSchemaStmt";
        if (s.Is(i, "EXTENSION")) return "CreateExtensionStmt";
        if (s.Is(i, "DOMAIN")) return "CreateDomainStmt";
        if (s.Is(i, "ROLE") || s.Is(i, "USER") || s.Is(i, "GROUP")) return s.Is(i + 1, "MAPPING") ? "CreateUserMappingStmt" : "CreateRoleStmt";
        if (s.Is(i, "POLICY")) return "CreatePolicyStmt";
        if (s.Is(i, "PUBLICATION")) return "CreatePublicationStmt";
        if (s.Is(i, "SUBSCRIPTION")) return "CreateSubscriptionStmt";
        if (s.Is(i, "DATABASE")) return "CreatedbStmt";
        if (s.Is(i, "CAST")) return "CreateCastStmt";
        if (s.Is(i, "RULE")) return "RuleStmt";
        if (s.Is(i, "STATISTICS")) return "CreateStatsStmt";
        if (s.Is(i, "SERVER")) return "CreateForeignServerStmt";
        if (s.Is(i, "FOREIGN") && s.Is(i + 1, "TABLE")) return "CreateForeignTableStmt";
        if (s.Is(i, "FOREIGN") && s.Is(i + 1, "DATA")) return "CreateFdwStmt";
        if (s.Is(i, "TABLESPACE")) return "CreateTableSpaceStmt";
        if (s.Is(i, "LANGUAGE")) return "CreatePLangStmt";
        if (s.Is(i, "CONVERSION")) return "CreateConversionStmt";
        if (s.Is(i, "TRANSFORM")) return "CreateTransformStmt";
        if (s.Is(i, "ACCESS") && s.Is(i + 1, "METHOD")) return "CreateAmStmt";
        if (s.Is(i, "OPERATOR") && (s.Is(i + 1, "CLASS") || s.Is(i + 1, "FAMILY"))) return s.Is(i + 1, "CLASS") ? "CreateOpClassStmt" : "CreateOpFamilyStmt";
        if (s.Is(i, "AGGREGATE") || s.Is(i, "OPERATOR") || s.Is(i, "COLLATION") || (s.Is(i, "TEXT") && s.Is(i + 1, "SEARCH"))) return "DefineStmt";
        if (s.Is(i, "TYPE"))
        {
            var (_, next) = s.Name(i + 1);
            if (!s.Is(next, "AS")) return "DefineStmt";
            if (s.Is(next + 1, "ENUM")) return "CreateEnumStmt";
            if (s.Is(next + 1, "RANGE")) return "CreateRangeStmt";
            return "CompositeTypeStmt";
        }
        return null;
    }

    private static string? PostgresAlter(StatementView s)
    {
        var i = 1;
        var what = s.Span(i).ToString().ToUpperInvariant();
        if (what is "MATERIALIZED" or "FOREIGN") i++;
        if (s.Is(i, "TABLE") && s.Is(i + 1, "ALL")) return "AlterTableMoveAllStmt";
        var objectEnd = AfterAlteredName(s, i);
        switch (what)
        {
            case "TABLE" or "INDEX" or "VIEW" or "MATERIALIZED" or "FOREIGN" or "SEQUENCE":
                if (s.Is(objectEnd, "RENAME")) return "RenameStmt";
                if (s.Is(objectEnd, "SET") && s.Is(objectEnd + 1, "SCHEMA")) return "AlterObjectSchemaStmt";
                if (what == "SEQUENCE" && !s.Is(objectEnd, "OWNER")) return "AlterSeqStmt";
                if (s.Is(objectEnd, "ATTACH") && what == "INDEX") return "AlterTableStmt";
                if ((s.Is(objectEnd, "DEPENDS") || (s.Is(objectEnd, "NO") && s.Is(objectEnd + 1, "DEPENDS"))) && what == "INDEX") return "AlterObjectDependsStmt";
                return "AlterTableStmt";
            case "TYPE":
                if (s.Is(objectEnd, "ADD") && s.Is(objectEnd + 1, "VALUE")) return "AlterEnumStmt";
                if (s.Is(objectEnd, "RENAME") && s.Is(objectEnd + 1, "VALUE")) return "AlterEnumStmt";
                if (s.Is(objectEnd, "RENAME")) return "RenameStmt";
                if (s.Is(objectEnd, "OWNER")) return "AlterOwnerStmt";
                if (s.Is(objectEnd, "SET") && s.Is(objectEnd + 1, "SCHEMA")) return "AlterObjectSchemaStmt";
                if (s.Is(objectEnd, "SET")) return "AlterTypeStmt";
                return "AlterTableStmt";
            case "FUNCTION" or "PROCEDURE" or "ROUTINE" or "AGGREGATE":
            {
                var j = objectEnd;
                if (s.IsPunct(j, '(')) j = s.SkipParens(j);
                if (s.Is(j, "RENAME")) return "RenameStmt";
                if (s.Is(j, "OWNER")) return "AlterOwnerStmt";
                if (s.Is(j, "SET") && s.Is(j + 1, "SCHEMA")) return "AlterObjectSchemaStmt";
                if (s.Is(j, "DEPENDS") || s.Is(j, "NO")) return "AlterObjectDependsStmt";
                return what == "AGGREGATE" ? null : "AlterFunctionStmt";
            }
            case "SCHEMA" or "TRIGGER" or "POLICY" or "DOMAIN" or "SERVER" or "PUBLICATION" or "SUBSCRIPTION" or "EXTENSION" or
                "DATABASE" or "ROLE" or "USER" or "GROUP" or "CONVERSION" or "COLLATION" or "LANGUAGE" or "TABLESPACE" or "STATISTICS" or
                "EVENT" or "RULE":
            {
                var j = objectEnd;
                if (what == "TRIGGER" || what == "POLICY" || what == "RULE")
                {
                    if (s.Is(j, "ON")) j = s.Name(j + 1).Next;
                }
                if (what == "EVENT") j = s.Name(i + 2).Next;
                if (s.Is(j, "RENAME")) return "RenameStmt";
                if (s.Is(j, "OWNER")) return "AlterOwnerStmt";
                return what switch
                {
                    "DOMAIN" => "AlterDomainStmt",
                    "POLICY" => "AlterPolicyStmt",
                    "SERVER" => "AlterForeignServerStmt",
                    "PUBLICATION" => "AlterPublicationStmt",
                    "SUBSCRIPTION" => "AlterSubscriptionStmt",
                    "EXTENSION" when s.Is(j, "ADD") || s.Is(j, "DROP") => "AlterExtensionContentsStmt",
                    "EXTENSION" when s.Is(j, "SET") && s.Is(j + 1, "SCHEMA") => "AlterObjectSchemaStmt",
                    "EXTENSION" => "AlterExtensionStmt",
                    "DATABASE" when s.Is(j, "SET") || s.Is(j, "RESET") => "AlterDatabaseSetStmt",
                    "DATABASE" when s.Is(j, "REFRESH") => "AlterDatabaseRefreshCollStmt",
                    "DATABASE" => "AlterDatabaseStmt",
                    "ROLE" or "USER" or "GROUP" when s.Is(j, "SET") || s.Is(j, "RESET") || s.Is(j, "IN") => "AlterRoleSetStmt",
                    "ROLE" or "USER" or "GROUP" => "AlterRoleStmt",
                    "TRIGGER" when s.Is(j, "DEPENDS") || s.Is(j, "NO") => "AlterObjectDependsStmt",
                    "EVENT" => "AlterEventTrigStmt",
                    "STATISTICS" => "AlterStatsStmt",
                    "TABLESPACE" => "AlterTableSpaceOptionsStmt",
                    "COLLATION" => "AlterCollationStmt",
                    _ => null,
                };
            }
            case "DEFAULT":
                return s.Is(2, "PRIVILEGES") ? "AlterDefaultPrivilegesStmt" : null;
            case "SYSTEM":
                return "AlterSystemStmt";
            case "OPERATOR":
                return "AlterOperatorStmt";
            default:
                return null;
        }
    }

    /// <summary>The index after ALTER &lt;object&gt; [IF EXISTS] [ONLY] name [*].</summary>
    private static int AfterAlteredName(StatementView s, int objectWord)
    {
        var i = objectWord + 1;
        if (s.Is(objectWord, "MATERIALIZED") || s.Is(objectWord, "FOREIGN")) i++;
        if (s.Is(i, "VIEW") || s.Is(i, "TABLE")) i++;
        if (s.Is(i, "IF") && s.Is(i + 1, "EXISTS")) i += 2;
        if (s.Is(i, "ONLY")) i++;
        var (_, next) = s.Name(i);
        if (s.IsPunct(next, '*')) next++;
        return next;
    }

    private static readonly Dictionary<string, string> s_dropTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TABLE"] = "OBJECT_TABLE", ["INDEX"] = "OBJECT_INDEX", ["TYPE"] = "OBJECT_TYPE", ["FUNCTION"] = "OBJECT_FUNCTION",
        ["PROCEDURE"] = "OBJECT_PROCEDURE", ["ROUTINE"] = "OBJECT_ROUTINE", ["TRIGGER"] = "OBJECT_TRIGGER", ["VIEW"] = "OBJECT_VIEW",
        ["SEQUENCE"] = "OBJECT_SEQUENCE", ["EXTENSION"] = "OBJECT_EXTENSION", ["SCHEMA"] = "OBJECT_SCHEMA", ["DOMAIN"] = "OBJECT_DOMAIN",
        ["POLICY"] = "OBJECT_POLICY", ["AGGREGATE"] = "OBJECT_AGGREGATE", ["RULE"] = "OBJECT_RULE", ["CAST"] = "OBJECT_CAST",
        ["COLLATION"] = "OBJECT_COLLATION", ["CONVERSION"] = "OBJECT_CONVERSION", ["PUBLICATION"] = "OBJECT_PUBLICATION",
        ["SERVER"] = "OBJECT_FOREIGN_SERVER", ["STATISTICS"] = "OBJECT_STATISTIC_EXT", ["LANGUAGE"] = "OBJECT_LANGUAGE",
        ["OPERATOR"] = "OBJECT_OPERATOR", ["TRANSFORM"] = "OBJECT_TRANSFORM", ["ACCESS"] = "OBJECT_ACCESS_METHOD",
    };

    private static string? PostgresDrop(StatementView s)
    {
        var w = s.Span(1).ToString().ToUpperInvariant();
        switch (w)
        {
            case "MATERIALIZED": return "DropStmt:OBJECT_MATVIEW";
            case "FOREIGN": return s.Is(2, "TABLE") ? "DropStmt:OBJECT_FOREIGN_TABLE" : "DropStmt:OBJECT_FDW";
            case "EVENT": return "DropStmt:OBJECT_EVENT_TRIGGER";
            case "TEXT": return "DropStmt:OBJECT_TS" + (s.Is(3, "CONFIGURATION") ? "CONFIGURATION" : s.Is(3, "DICTIONARY") ? "DICTIONARY" : s.Is(3, "PARSER") ? "PARSER" : "TEMPLATE");
            case "OPERATOR" when s.Is(2, "CLASS"): return "DropStmt:OBJECT_OPCLASS";
            case "OPERATOR" when s.Is(2, "FAMILY"): return "DropStmt:OBJECT_OPFAMILY";
            case "OWNED": return "DropOwnedStmt";
            case "ROLE" or "USER" or "GROUP": return s.Is(2, "MAPPING") ? "DropUserMappingStmt" : "DropRoleStmt";
            case "DATABASE": return "DropdbStmt";
            case "TABLESPACE": return "DropTableSpaceStmt";
            case "SUBSCRIPTION": return "DropSubscriptionStmt";
        }
        return s_dropTypes.TryGetValue(w, out var type) ? "DropStmt:" + type : null;
    }

    private static readonly HashSet<string> s_mySqlWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "ALTER", "DROP", "RENAME", "REPLACE", "SET", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "LOCK",
        "UNLOCK", "CALL", "PREPARE", "EXECUTE", "DEALLOCATE", "DO", "OPTIMIZE", "ANALYZE", "USE", "SHOW", "FLUSH", "LOAD", "HANDLER",
        "DECLARE", "TABLE",
    };

    private static readonly HashSet<string> s_sqlServerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "ALTER", "DROP", "SET", "BEGIN", "COMMIT", "ROLLBACK", "SAVE", "DECLARE", "PRINT", "IF", "ELSE", "WHILE", "USE",
        "EXEC", "EXECUTE", "RAISERROR", "THROW", "DENY", "RETURN", "END", "TRY", "CATCH", "BREAK", "CONTINUE", "GOTO", "WAITFOR",
        "DBCC", "CHECKPOINT", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "BULK", "UPDATE", "SP_RENAME", "XP_CMDSHELL",
    };

    private static readonly HashSet<string> s_sqliteWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "ALTER", "DROP", "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "REPLACE", "VACUUM",
        "ANALYZE", "REINDEX", "ATTACH", "DETACH",
    };

    private static string? MySql(StatementView s) => s_mySqlWords.Contains(s.Span(0).ToString()) ? s.Span(0).ToString().ToUpperInvariant() : null;

    private static string? SqlServer(StatementView s)
    {
        var w = s.Span(0).ToString();
        return s_sqlServerWords.Contains(w) || w.StartsWith('@') ? w.ToUpperInvariant() : null;
    }

    private static string? Sqlite(StatementView s) => s_sqliteWords.Contains(s.Span(0).ToString()) ? s.Span(0).ToString().ToUpperInvariant() : null;
}
