using PipelineGuard.Model;
using PipelineGuard.Policy;

namespace PipelineGuard.Sql;

/// <summary>The requirements a <c>sql</c> rule can make of every checked migration file.</summary>
public enum SqlRequirement { LockTimeout, StatementTimeout, Transaction }

/// <summary>The options of one <c>sql</c> rule, as parsed from the policy.</summary>
public sealed record SqlCheckOptions(
    SqlDialect Dialect,
    int PostgresVersion,
    GlobSet Paths,
    IReadOnlySet<StatementClass> Forbid,
    IReadOnlySet<SqlRequirement> Require,
    bool ImmutableApplied,
    bool AssumeInTransaction,
    bool IncludeRollbacks,
    bool MigrationSet)
{
    /// <summary>A migration deployed to one environment must not name another environment's database (the policy's environments[].databases).</summary>
    public bool CrossEnvironmentDatabases { get; init; }
}

/// <summary>
/// The <c>sql</c> check kind: judges migration scripts statement by statement (forbidden statement
/// classes, with inline allows), file by file (required timeouts and transactions), and as a set
/// (applied migrations changed since the base, duplicate versions, gaps, out-of-order additions).
/// </summary>
public sealed class SqlCheck(SqlCheckOptions options) : ICheck
{
    private static readonly Dictionary<string, SqlRequirement> s_requirements = new(StringComparer.Ordinal)
    {
        ["lock-timeout"] = SqlRequirement.LockTimeout,
        ["statement-timeout"] = SqlRequirement.StatementTimeout,
        ["transaction"] = SqlRequirement.Transaction,
    };

    private static readonly string[] s_keys =
        ["dialect", "postgres_version", "paths", "forbid", "require", "immutable_applied", "assume_in_transaction", "include_rollbacks", "migration_set", "cross_environment_databases"];

    public static CheckKindInfo Info { get; } = new(
        Name: "sql",
        Summary: "Judges SQL migration scripts: statements that lose data, break running code, lock or rewrite tables, misuse transactions or leak data; required timeouts; changed applied migrations.",
        Rationale: "One careless migration statement loses customer data or holds a lock on a hot table for minutes. "
            + "Reading the scripts before they run catches that while it is still a diff, in the dialect the database speaks.",
        Remediation: "Rewrite the statement the safe way (`pipeline-guard explain <statement-class>` shows it), split the migration, "
            + "or, when the statement is intended, put `-- pipeline-guard: allow <class> -- <reason>` on the line before it.",
        Keys:
        [
            ("dialect", "postgres | mysql | mariadb | sqlserver | sqlite; default postgres"),
            ("postgres_version", "the PostgreSQL major version lock behaviour is judged for; default 15"),
            ("paths", "globs over migration paths (relative to the working directory); default every migration"),
            ("forbid", "statement classes: " + string.Join(", ", StatementClasses.All.Select(c => c.Name))),
            ("require", "lock-timeout | statement-timeout | transaction: each checked file must set it before its first locking statement"),
            ("immutable_applied", "true: a migration that already exists on the --changed-since base and was modified (or deleted) is a finding"),
            ("assume_in_transaction", "true: the migration tool runs each file inside a transaction (Flyway and Liquibase on PostgreSQL do); default false"),
            ("include_rollbacks", "true: also judge down/undo scripts and dbmate down sections; default false (they are rollbacks, not forward changes)"),
            ("cross_environment_databases", "true: a migration deployed to one environment that names a database another environment lists in its environments[].databases (T-SQL db.schema.table / db..table / server.db.schema.table, MySQL db.table, PostgreSQL db.schema.table, USE db, dblink dbname= and postgres_fdw OPTIONS (dbname ...)) is a finding; an unknown deployed environment is indeterminate"),
            ("migration_set", "true: report duplicate versions, version gaps (in sequentially numbered sets), out-of-order additions (with --changed-since) and empty files"),
        ],
        Example: """
            - id: no-data-loss-in-migrations
              description: Migrations never drop or empty tables and columns in production.
              severity: critical
              enforcement: block
              when: { environments: [production] }
              sql:
                dialect: postgres
                postgres_version: 15
                paths: ["db/migrations/**"]
                forbid: [drop-table, drop-column, truncate, delete-without-where, update-without-where]
            """);

    public static CheckKindDefinition Definition { get; } = new(Info, Parse);

    public SqlCheckOptions Options { get; } = options;

    public CheckKindInfo Kind => Info;

    /// <summary>What this rule needs the collector to prepare (<see cref="SqlNeeds"/>): the same selection <see cref="Evaluate"/> judges.</summary>
    public SqlNeed Need => new(Settings, Options.Paths, Options.IncludeRollbacks,
        Analyse: Options.Forbid.Count > 0 || Options.Require.Count > 0 || Options.MigrationSet,
        DatabaseReferences: Options.CrossEnvironmentDatabases);

    private SqlAnalysisSettings Settings => new(Options.Dialect, Options.PostgresVersion, Options.AssumeInTransaction);

    private static SqlCheck Parse(YamlMap map, PolicyParseContext context)
    {
        var dialect = map.Word("dialect", SqlDialects.ByName) ?? SqlDialect.Postgres;
        var version = (int)(map.Integer("postgres_version", 9, 30) ?? 15);
        var paths = map.Globs("paths");
        var forbid = new HashSet<StatementClass>();
        foreach (var (name, node) in map.StringListWithNodes("forbid"))
        {
            if (StatementClasses.TryGet(name, out var info)) forbid.UnionWith(StatementClasses.WithDescendants(info.Class));
            else context.Error(node, $"{map.What}: unknown statement class '{name}' in 'forbid'; classes are {string.Join(", ", StatementClasses.All.Select(c => c.Name))}");
        }
        var require = new HashSet<SqlRequirement>();
        foreach (var (name, node) in map.StringListWithNodes("require"))
        {
            if (!s_requirements.TryGetValue(name, out var requirement))
            {
                context.Error(node, $"{map.What}: unknown requirement '{name}' in 'require'; requirements are {string.Join(", ", s_requirements.Keys)}");
                continue;
            }
            if (requirement == SqlRequirement.StatementTimeout && dialect is SqlDialect.SqlServer or SqlDialect.Sqlite)
            {
                context.Error(node, $"{map.What}: 'statement-timeout' cannot be required for {SqlDialects.NameOf(dialect)}, which has no statement timeout setting in SQL");
                continue;
            }
            if (requirement == SqlRequirement.Transaction && dialect == SqlDialect.MySql)
            {
                context.Error(node, $"{map.What}: 'transaction' cannot be required for mysql: MySQL commits every DDL statement implicitly");
                continue;
            }
            require.Add(requirement);
        }
        var immutable = map.Bool("immutable_applied") ?? false;
        var assume = map.Bool("assume_in_transaction") ?? false;
        var rollbacks = map.Bool("include_rollbacks") ?? false;
        var set = map.Bool("migration_set") ?? false;
        var crossEnvironment = map.Bool("cross_environment_databases") ?? false;
        map.RejectUnknownKeys(s_keys);
        if (forbid.Count == 0 && require.Count == 0 && !immutable && !set && !crossEnvironment && !map.Has("forbid") && !map.Has("require"))
        {
            context.Error(map.Position, $"{map.What}: the rule checks nothing: give 'forbid', 'require', 'immutable_applied: true' or 'migration_set: true'");
        }
        return new SqlCheck(new SqlCheckOptions(dialect, version, paths, forbid, require, immutable, assume, rollbacks, set) { CrossEnvironmentDatabases = crossEnvironment });
    }

    public IEnumerable<Violation> Evaluate(EvaluationFacts facts)
    {
        var set = facts.Migrations;
        if (set.Files.Count == 0) return [];
        var violations = new List<Violation>();
        var selected = new List<int>();
        for (var i = 0; i < set.Files.Count; i++)
        {
            if (Options.Paths.IsMatch(set.Files[i].Path)) selected.Add(i);
        }
        if (Options.ImmutableApplied) ReportChangedApplied(set, selected, violations);
        if (Options.MigrationSet) ReportSetIssues(set, violations);

        var need = Need;
        var judged = selected.Where(i => need.Judges(set.Files[i])).ToList();
        if (Options.CrossEnvironmentDatabases) ReportForeignDatabases(facts, set, judged, violations);
        if (judged.Count == 0 || (Options.Forbid.Count == 0 && Options.Require.Count == 0 && !Options.MigrationSet)) return violations;
        foreach (var i in judged)
        {
            Judge(set.Files[i], Prepared(set.Facts[i].Analyses, Settings, set.Files[i]), violations);
        }
        return violations;
    }

    private void ReportForeignDatabases(EvaluationFacts facts, MigrationSet set, List<int> judged, List<Violation> violations)
    {
        var environments = facts.Environments.Values.Where(e => e.Databases.Globs.Count > 0).ToList();
        if (environments.Count == 0) return;
        var deployed = facts.Context.Environment;
        var home = string.IsNullOrWhiteSpace(deployed) ? null : facts.Environments.Values.FirstOrDefault(e => e.IsNamed(deployed))?.Name ?? deployed;
        foreach (var i in judged)
        {
            var file = set.Files[i];
            foreach (var reference in Prepared(set.Facts[i].References, Options.Dialect, file))
            {
                var owners = environments.Where(e => e.OwnsDatabase(reference.Database)).Select(e => e.Name).ToList();
                if (owners.Count == 0) continue;
                var target = new Target(TargetKinds.File, File: file.Path, Line: reference.Line);
                if (home is null)
                {
                    violations.Add(new Violation(
                        $"{file.Path}:{reference.Line} names the database '{reference.Database}' of '{owners[0]}' ({reference.How}), and the deployed environment is not known (--environment or the context file)",
                        target, $"cross-environment-database:{file.Path}:{reference.Database}", Indeterminate: true, Enforcement: Enforcement.Warn));
                    continue;
                }
                if (owners.Contains(home, StringComparer.OrdinalIgnoreCase)) continue;
                violations.Add(new Violation(
                    $"{file.Path}:{reference.Line} is deployed to '{home}' and names the database '{reference.Database}' ({reference.How}), which belongs to '{owners[0]}'",
                    target, $"cross-environment-database:{file.Path}:{reference.Database}")
                {
                    Remediation = "Name only the deployed environment's databases (or none: the migration tool connects to the right one), and move cross-database access to that environment's own pipeline.",
                });
            }
        }
    }

    /// <summary>What the collector prepared for this rule; missing only when a caller skipped <see cref="SqlNeeds"/>, which is a bug, not bad input.</summary>
    private static T Prepared<TKey, T>(IReadOnlyDictionary<TKey, T> prepared, TKey key, MigrationFile file) =>
        prepared.TryGetValue(key, out var value) ? value
            : throw new InvalidOperationException($"{file.Path} was not prepared for {key}: collect the migrations with the policy's SqlNeeds");

    private void ReportChangedApplied(MigrationSet set, List<int> selected, List<Violation> violations)
    {
        foreach (var i in selected)
        {
            var file = set.Files[i];
            if (file.GitStatus != MigrationGitStatus.Modified || file.Direction == MigrationDirection.Repeatable) continue;
            violations.Add(new Violation(
                $"{file.Path} was modified, but it already exists at the base {MigrationCollector.Short(set.BaseCommit ?? "")} ({set.BaseRef}): databases that applied it will never run the change",
                new Target(TargetKinds.File, File: file.Path), $"immutable_applied:{file.Path}")
            {
                Remediation = "Revert the edit and put the change in a new migration with the next version.",
            });
        }
        foreach (var issue in set.Issues.Where(x => x.Kind == "deleted-applied" && Options.Paths.IsMatch(x.File)))
        {
            violations.Add(new Violation(issue.Message, new Target(TargetKinds.File, File: issue.File), $"immutable_applied:{issue.File}")
            {
                Remediation = "Restore the migration; undo its effect with a new migration instead.",
            });
        }
    }

    private void ReportSetIssues(MigrationSet set, List<Violation> violations)
    {
        foreach (var issue in set.Issues.Where(x => x.Kind != "deleted-applied" && Options.Paths.IsMatch(x.File)))
        {
            violations.Add(new Violation(issue.Message, new Target(TargetKinds.File, File: issue.File, Line: issue.Line), $"{issue.Kind}:{issue.File}"));
        }
    }

    private void Judge(MigrationFile file, FileAnalysis analysis, List<Violation> violations)
    {
        if (Options.MigrationSet && analysis.StatementCount == 0)
        {
            violations.Add(new Violation($"{file.Path} contains no SQL statement: an empty migration is usually a mistake (a lost edit or a wrong file)",
                new Target(TargetKinds.File, File: file.Path, Line: 1), $"empty:{file.Path}"));
        }
        foreach (var problem in analysis.AllowProblems)
        {
            var names = problem.Allow.ClassNames;
            var concerns = names.Count == 0 || names.Any(n => !StatementClasses.TryGet(n, out var c) || Options.Forbid.Contains(c.Class));
            if (!concerns || Options.Forbid.Count == 0) continue;
            violations.Add(new Violation($"inline allow comment: {problem.Problem}",
                new Target(TargetKinds.File, File: file.Path, Line: problem.Allow.Line, Column: problem.Allow.Column),
                $"allow-comment:{file.Path}:{string.Join(",", names)}"));
        }
        if (Options.Forbid.Count > 0)
        {
            foreach (var statement in analysis.Statements)
            {
                if (statement.Section == MigrationSection.Down && !Options.IncludeRollbacks) continue;
                foreach (var finding in statement.Findings)
                {
                    if (Options.Forbid.Contains(finding.Class)) violations.Add(ViolationOf(file, statement, finding, Options.Dialect));
                }
            }
        }
        Require(SqlRequirement.LockTimeout, analysis.MissingLockTimeout, file, violations,
            Options.Dialect switch
            {
                SqlDialect.MySql => "SET SESSION lock_wait_timeout = 5",
                SqlDialect.SqlServer => "SET LOCK_TIMEOUT 5000",
                SqlDialect.Sqlite => "PRAGMA busy_timeout = 5000",
                _ => "SET lock_timeout = '5s'",
            });
        Require(SqlRequirement.StatementTimeout, analysis.MissingStatementTimeout, file, violations,
            Options.Dialect == SqlDialect.MySql ? "SET SESSION max_execution_time = 60000" : "SET statement_timeout = '60s'");
        if (!Options.AssumeInTransaction || file.RunsOutsideTransaction)
        {
            Require(SqlRequirement.Transaction, analysis.MissingTransaction, file, violations, "BEGIN; ... COMMIT;");
        }
    }

    private void Require(SqlRequirement requirement, RequirementGap? gap, MigrationFile file, List<Violation> violations, string fix)
    {
        if (gap is null || !Options.Require.Contains(requirement)) return;
        var (what, why) = requirement switch
        {
            SqlRequirement.LockTimeout => ("before any lock timeout is set", "a statement waiting for a lock queues every later query on the table behind it"),
            SqlRequirement.StatementTimeout => ("before any statement timeout is set", "a long statement holds its locks for as long as it runs"),
            _ => ("outside a transaction", "a failure halfway leaves the schema half-migrated"),
        };
        violations.Add(new Violation($"{SourceSpan.Quote(gap.Excerpt)} runs {what}: {why}",
            new Target(TargetKinds.File, File: file.Path, Line: gap.Line, Column: gap.Column), $"require:{requirement}:{file.Path}")
        {
            Remediation = $"Start the migration with {fix}.",
        });
    }

    private static Violation ViolationOf(MigrationFile file, AnalysedStatement statement, StatementFinding finding, SqlDialect dialect)
    {
        var info = StatementClasses.Get(finding.Class);
        var covering = StatementClasses.NamesCovering(finding.Class).ToList();
        var allow = statement.Allows.FirstOrDefault(a => a.ClassNames.Any(n => covering.Contains(n, StringComparer.Ordinal)));
        var note = allow is { Reason: null } ? $" (the allow comment on line {allow.Line} gives no reason, so it does not apply)" : "";
        return new Violation(
            $"{SourceSpan.Quote(statement.Excerpt)}: {finding.Message} [{info.Name}]{note}",
            new Target(TargetKinds.File, File: file.Path, Line: statement.Line, Column: statement.Column),
            $"{info.Name}:{file.Path}:{statement.Excerpt}")
        {
            Remediation = info.SafeAlternativeFor(dialect),
            Suppression = allow is { Reason: { } reason } ? new InlineSuppression(reason, $"{file.Path}:{allow.Line}") : null,
        };
    }
}
