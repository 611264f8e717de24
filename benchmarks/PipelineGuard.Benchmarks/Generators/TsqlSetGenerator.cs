using System.Globalization;
using System.Text;

namespace PipelineGuard.Benchmarks.Generators;

/// <summary>
/// Writes realistic SQL Server migration sets, the same for the same seed: GO batches, bracketed names, tables with
/// constraints, indexes (some WITH (ONLINE = ON)), IF OBJECT_ID(...) guards, procedures with BEGIN TRY ... CATCH and
/// transactions, seed data with N'' strings holding semicolons and GO, sp_executesql of constant text, statements
/// without semicolons, in Flyway-named files.
/// </summary>
public sealed class TsqlSetGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _table;

    public string File(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 1024);
        sb.Append("-- generated SQL Server migration\nSET LOCK_TIMEOUT 5000;\nGO\n");
        while (sb.Length < targetBytes) Batch(sb);
        return sb.ToString();
    }

    public IEnumerable<(string Path, string Text)> Set(int files, long totalBytes)
    {
        var perFile = (int)(totalBytes / files);
        for (var i = 1; i <= files; i++)
        {
            var size = Math.Max(400, perFile / 2 + _random.Next(perFile));
            yield return (string.Create(CultureInfo.InvariantCulture, $"db/migrations/V{i}__change_{i}.sql"), File(size));
        }
    }

    public long WriteSet(string folder, int files, long totalBytes)
    {
        long written = 0;
        foreach (var (path, text) in Set(files, totalBytes))
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            System.IO.File.WriteAllText(full, text);
            written += Encoding.UTF8.GetByteCount(text);
        }
        return written;
    }

    private string Table() => string.Create(CultureInfo.InvariantCulture, $"[dbo].[T_{_random.Next(Math.Max(1, _table))}]");

    private void Batch(StringBuilder sb)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (_random.Next(9))
        {
            case 0 or 1:
                var name = _table++;
                sb.Append(inv, $"CREATE TABLE [dbo].[T_{name}] (\n    [Id] bigint IDENTITY(1,1) NOT NULL CONSTRAINT [PK_T_{name}] PRIMARY KEY,\n");
                for (var c = 0; c < 3 + _random.Next(6); c++) sb.Append(inv, $"    [Col{c}] nvarchar({16 << _random.Next(4)}) NULL,\n");
                sb.Append("    [CreatedAt] datetime2 NOT NULL CONSTRAINT [DF_T_").Append(name).Append("_CreatedAt] DEFAULT (sysutcdatetime())\n)\nGO\n");
                break;
            case 2:
                var t = Table();
                sb.Append(inv, $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_{_random.Next(1000)}')\n");
                sb.Append(inv, $"    CREATE NONCLUSTERED INDEX [IX_{_random.Next(1000)}] ON {t} ([Col0]) INCLUDE ([CreatedAt]) WITH (ONLINE = ON)\nGO\n");
                break;
            case 3:
                sb.Append(inv, $"IF OBJECT_ID(N'[dbo].[Tmp_{_random.Next(1000)}]', N'U') IS NOT NULL\n    DROP TABLE [dbo].[Tmp_{_random.Next(1000)}]\nGO\n");
                break;
            case 4:
                var p = _random.Next(100000);
                sb.Append(inv, $"CREATE OR ALTER PROCEDURE [dbo].[usp_Archive_{p}] @before datetime2\nAS\nBEGIN\n    SET NOCOUNT ON;\n");
                sb.Append("    BEGIN TRY\n        BEGIN TRANSACTION;\n");
                sb.Append(inv, $"        UPDATE {Table()} SET [Col0] = N'archived; GO' WHERE [CreatedAt] < @before;\n");
                sb.Append("        COMMIT TRANSACTION;\n    END TRY\n    BEGIN CATCH\n        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;\n        THROW;\n    END CATCH\nEND\nGO\n");
                break;
            case 5:
                var target = Table();
                sb.Append(inv, $"INSERT INTO {target} ([Col0], [Col1]) VALUES\n");
                var rows = 5 + _random.Next(30);
                for (var r = 0; r < rows; r++)
                {
                    sb.Append(inv, $"    (N'value {r}; it''s /* not a comment */', N'-- not a comment either {_random.Next()}')");
                    sb.Append(r + 1 < rows ? ",\n" : "\nGO\n");
                }
                break;
            case 6:
                sb.Append(inv, $"EXEC sp_executesql N'ALTER TABLE {Table().Replace("'", "''", StringComparison.Ordinal)} ADD [Extra{_random.Next(100)}] int NULL'\nGO\n");
                break;
            case 7:
                sb.Append("/* backfill in batches\n   GO is not a separator inside a comment */\n");
                sb.Append("DECLARE @n int = 1\nWHILE @n > 0\nBEGIN\n");
                sb.Append(inv, $"    UPDATE TOP (1000) {Table()} SET [Col1] = N'x' WHERE [Col1] IS NULL\n    SET @n = @@ROWCOUNT\nEND\nGO\n");
                break;
            default:
                sb.Append(inv, $"ALTER TABLE {Table()} ADD [Note{_random.Next(1000)}] nvarchar(200) NULL\n");
                sb.Append(inv, $"EXEC sp_addextendedproperty N'MS_Description', N'note', N'SCHEMA', N'dbo', N'TABLE', N'T_{_random.Next(Math.Max(1, _table))}'\nGO\n");
                break;
        }
    }
}
