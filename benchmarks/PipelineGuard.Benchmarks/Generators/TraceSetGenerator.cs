using System.Globalization;
using System.Text;

namespace PipelineGuard.Benchmarks.Generators;

/// <summary>
/// Writes a migration set that really runs on PostgreSQL 11+, the same for the same seed, to time <c>trace</c>:
/// a first file creating a schema of tables with rows, then files of the changes teams ship (nullable columns,
/// plain and CONCURRENTLY indexes, NOT VALID constraints then VALIDATE, backfills with WHERE, type changes that
/// rewrite, new tables, functions, comments), some inside BEGIN/COMMIT, each starting with a lock_timeout.
/// </summary>
public sealed class TraceSetGenerator(int seed)
{
    private const int BaseTables = 20;
    private readonly Random _random = new(seed);
    private readonly List<string> _tables = [];
    private int _name;

    /// <summary>(relative path, text) for <paramref name="files"/> Flyway-named files, the first the base schema.</summary>
    public IEnumerable<(string Path, string Text)> Set(int files)
    {
        yield return ("db/migrations/V1__base.sql", Base());
        for (var i = 2; i <= files; i++)
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"db/migrations/V{i}__change_{i}.sql"), Change());
        }
    }

    /// <summary>Writes <see cref="Set"/> under <paramref name="folder"/>; returns the number of statements written.</summary>
    public int WriteSet(string folder, int files)
    {
        var statements = 0;
        foreach (var (path, text) in Set(files))
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            statements += text.Split(";\n").Length - 1;
        }
        return statements;
    }

    private string Base()
    {
        var sb = new StringBuilder("CREATE SCHEMA app;\n");
        for (var t = 0; t < BaseTables; t++) NewTable(sb, rows: 2000);
        return sb.ToString();
    }

    private void NewTable(StringBuilder sb, int rows)
    {
        var table = string.Create(CultureInfo.InvariantCulture, $"app.t_{_tables.Count}");
        _tables.Add(table);
        sb.Append("CREATE TABLE ").Append(table).Append(" (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
          .Append("    name text NOT NULL,\n    amount integer NOT NULL DEFAULT 0,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n");
        if (rows > 0)
        {
            sb.Append("INSERT INTO ").Append(table).Append(" (name, amount) SELECT 'row ' || g, g % 97 FROM generate_series(1, ")
              .Append(rows.ToString(CultureInfo.InvariantCulture)).Append(") g;\n");
        }
    }

    private string Table() => _tables[_random.Next(_tables.Count)];

    private string Name(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{_name++}");

    private string Change()
    {
        var sb = new StringBuilder("-- generated change\nSET lock_timeout = '5s';\n");
        var wrapped = _random.Next(4) == 0;
        if (wrapped) sb.Append("BEGIN;\n");
        var count = 3 + _random.Next(6);
        for (var i = 0; i < count; i++) Statement(sb, wrapped);
        if (wrapped) sb.Append("COMMIT;\n");
        return sb.ToString();
    }

    private void Statement(StringBuilder sb, bool inTransaction)
    {
        var table = Table();
        switch (_random.Next(11))
        {
            case 0:
                sb.Append("ALTER TABLE ").Append(table).Append(" ADD COLUMN ").Append(Name("c")).Append(" integer;\n");
                break;
            case 1 when !inTransaction:
                sb.Append("CREATE INDEX CONCURRENTLY ").Append(Name("ix")).Append(" ON ").Append(table).Append(" (name, created_at);\n");
                break;
            case 1:
            case 2:
                sb.Append("CREATE INDEX ").Append(Name("ix")).Append(" ON ").Append(table).Append(" (amount);\n");
                break;
            case 3:
                var check = Name("ck");
                sb.Append("ALTER TABLE ").Append(table).Append(" ADD CONSTRAINT ").Append(check).Append(" CHECK (amount >= 0) NOT VALID;\n");
                sb.Append("ALTER TABLE ").Append(table).Append(" VALIDATE CONSTRAINT ").Append(check).Append(";\n");
                break;
            case 4:
                sb.Append("UPDATE ").Append(table).Append(" SET amount = amount + 1 WHERE id BETWEEN ")
                  .Append(_random.Next(1000).ToString(CultureInfo.InvariantCulture)).Append(" AND 1500;\n");
                break;
            case 5:
                NewTable(sb, rows: 100);
                break;
            case 6:
                sb.Append("CREATE OR REPLACE FUNCTION app.").Append(Name("touch")).Append("() RETURNS trigger AS $fn$\nBEGIN\n")
                  .Append("    NEW.created_at := now(); -- a comment; with a semicolon\n    RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql;\n");
                break;
            case 7:
                sb.Append("COMMENT ON TABLE ").Append(table).Append(" IS 'Holds; data';\n");
                break;
            case 8:
                sb.Append("ALTER TABLE ").Append(table).Append(" ALTER COLUMN name SET DEFAULT 'x';\n");
                break;
            case 9:
                // A type change that rewrites the table (and its indexes).
                var column = Name("v");
                sb.Append("ALTER TABLE ").Append(table).Append(" ADD COLUMN ").Append(column).Append(" integer;\n");
                sb.Append("ALTER TABLE ").Append(table).Append(" ALTER COLUMN ").Append(column).Append(" TYPE bigint;\n");
                break;
            default:
                sb.Append("DELETE FROM ").Append(table).Append(" WHERE created_at < now() - interval '90 days';\n");
                break;
        }
    }
}
