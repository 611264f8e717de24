using System.Globalization;
using System.Text;

namespace PipelineGuard.Benchmarks.Generators;

/// <summary>
/// Writes realistic PostgreSQL migration sets, the same for the same seed: table and column DDL, indexes
/// (some CONCURRENTLY), constraints, backfills with WHERE, seed data with quoted strings, comments and
/// dollar-quoted function bodies, in Flyway-named files.
/// </summary>
public sealed class MigrationSetGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _table;

    /// <summary>One file of about <paramref name="targetBytes"/> characters.</summary>
    public string File(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 512);
        sb.Append("-- generated migration\nSET lock_timeout = '5s';\n");
        while (sb.Length < targetBytes) Statement(sb);
        return sb.ToString();
    }

    /// <summary>A file of exactly <paramref name="statements"/> statements (for the single-large-file case).</summary>
    public string FileWithStatements(int statements)
    {
        var sb = new StringBuilder(statements * 80);
        for (var i = 0; i < statements; i++) Statement(sb);
        return sb.ToString();
    }

    /// <summary>(relative path, text) for <paramref name="files"/> files totalling about <paramref name="totalBytes"/>.</summary>
    public IEnumerable<(string Path, string Text)> Set(int files, long totalBytes)
    {
        var perFile = (int)(totalBytes / files);
        for (var i = 1; i <= files; i++)
        {
            // Sizes vary around the mean, as real migrations do.
            var size = Math.Max(200, perFile / 2 + _random.Next(perFile));
            yield return (string.Create(CultureInfo.InvariantCulture, $"db/migrations/V{i}__change_{i}.sql"), File(size));
        }
    }

    /// <summary>Writes <see cref="Set"/> under <paramref name="folder"/>; returns the bytes written.</summary>
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

    private string Table() => string.Create(CultureInfo.InvariantCulture, $"app.t_{_random.Next(Math.Max(1, _table))}");

    private void Statement(StringBuilder sb)
    {
        switch (_random.Next(12))
        {
            case 0:
                var name = string.Create(CultureInfo.InvariantCulture, $"app.t_{_table++}");
                sb.Append("CREATE TABLE IF NOT EXISTS ").Append(name).Append(" (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
                  .Append("    name text NOT NULL,\n    \"Payload\" jsonb DEFAULT '{}'::jsonb,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n");
                break;
            case 1:
                sb.Append("ALTER TABLE ").Append(Table()).Append(" ADD COLUMN IF NOT EXISTS c").Append(_random.Next(1000)).Append(" integer;\n");
                break;
            case 2:
                sb.Append("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_").Append(_random.Next(100000)).Append(" ON ").Append(Table()).Append(" (name, created_at);\n");
                break;
            case 3:
                sb.Append("UPDATE ").Append(Table()).Append(" SET name = 'it''s; fine' WHERE id BETWEEN ").Append(_random.Next(1000)).Append(" AND 5000;\n");
                break;
            case 4:
                sb.Append("/* backfill ").Append(_random.Next()).Append(";\n   /* nested */ DROP TABLE never; */\n");
                break;
            case 5:
                sb.Append("INSERT INTO ").Append(Table()).Append(" (name, \"Payload\") VALUES\n");
                for (var i = 0; i < 4; i++)
                {
                    sb.Append("    ('row ").Append(i).Append(" -- not a comment', E'line\\nnext'),\n");
                }
                sb.Append("    ('last', '{\"k\": 1}');\n");
                break;
            case 6:
                sb.Append("CREATE OR REPLACE FUNCTION app.touch_").Append(_random.Next(1000)).Append("() RETURNS trigger AS $fn$\nBEGIN\n")
                  .Append("    NEW.updated_at := now();\n    DELETE FROM audit; -- body code, never executed here\n    RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql;\n");
                break;
            case 7:
                sb.Append("ALTER TABLE ").Append(Table()).Append(" ADD CONSTRAINT fk_").Append(_random.Next(100000))
                  .Append(" FOREIGN KEY (id) REFERENCES app.users (id) NOT VALID;\n");
                break;
            case 8:
                sb.Append("COMMENT ON TABLE ").Append(Table()).Append(" IS 'Holds; data';\n");
                break;
            case 9:
                sb.Append("-- ").Append(_random.Next()).Append(" explains the next change\n");
                sb.Append("ALTER TABLE ").Append(Table()).Append(" ALTER COLUMN name SET DEFAULT 'x';\n");
                break;
            case 10:
                sb.Append("DELETE FROM ").Append(Table()).Append(" WHERE created_at < now() - interval '90 days';\n");
                break;
            default:
                sb.Append("SELECT count(*) FROM ").Append(Table()).Append(" WHERE name ILIKE $$%x%$$;\n");
                break;
        }
    }
}
