using System.Text;
using PipelineGuard.PolicyLoading;

namespace PipelineGuard.Cli.Commands;

/// <summary>What <c>init</c> found in a repository.</summary>
/// <param name="TerraformFolders">Folders holding *.tf files, relative to the repository.</param>
/// <param name="MigrationFolders">Folders holding *.sql files, with the dialect their SQL looks like.</param>
/// <param name="Platforms">github | azure-pipelines | jenkins, for the CI files present.</param>
public sealed record RepositorySurvey(
    IReadOnlyList<string> TerraformFolders,
    IReadOnlyList<(string Folder, string Dialect)> MigrationFolders,
    IReadOnlyList<string> Platforms)
{
    private static readonly HashSet<string> s_skipped = new(StringComparer.Ordinal) { ".git", ".terraform", "node_modules", "bin", "obj", "vendor", ".pipeline-guard" };
    private const int MaxDepth = 6;

    public static RepositorySurvey Of(string root)
    {
        var terraform = new List<string>();
        var migrations = new List<(string, string)>();
        Walk(root, root, 0, terraform, migrations);
        var platforms = new List<string>();
        var workflows = Path.Combine(root, ".github", "workflows");
        if (Directory.Exists(workflows) && Directory.EnumerateFiles(workflows).Any(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            platforms.Add("github");
        }
        if (File.Exists(Path.Combine(root, "azure-pipelines.yml")) || File.Exists(Path.Combine(root, "azure-pipelines.yaml"))) platforms.Add("azure-pipelines");
        if (File.Exists(Path.Combine(root, "Jenkinsfile"))) platforms.Add("jenkins");
        return new RepositorySurvey(terraform, migrations, platforms);
    }

    private static void Walk(string root, string folder, int depth, List<string> terraform, List<(string, string)> migrations)
    {
        var files = Directory.EnumerateFiles(folder).ToList();
        var relative = Path.GetRelativePath(root, folder).Replace('\\', '/');
        if (files.Any(f => f.EndsWith(".tf", StringComparison.Ordinal))) terraform.Add(relative);
        var sql = files.Where(f => f.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)).ToList();
        if (sql.Count > 0) migrations.Add((relative, GuessDialect(sql)));
        if (depth >= MaxDepth) return;
        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (s_skipped.Contains(Path.GetFileName(sub))) continue;
            Walk(root, sub, depth + 1, terraform, migrations);
        }
    }

    /// <summary>The dialect whose tell-tale syntax appears most in the first scripts; postgres when nothing tells.</summary>
    public static string GuessDialect(IEnumerable<string> files)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal) { ["postgres"] = 0, ["mysql"] = 0, ["sqlserver"] = 0, ["sqlite"] = 0 };
        foreach (var file in files.Order(StringComparer.Ordinal).Take(50))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }
            void Score(string dialect, params string[] tells)
            {
                foreach (var tell in tells)
                {
                    if (text.Contains(tell, StringComparison.OrdinalIgnoreCase)) scores[dialect]++;
                }
            }
            Score("postgres", "JSONB", "BIGSERIAL", " SERIAL", "CONCURRENTLY", "::", "TIMESTAMPTZ", "$$", "CREATE EXTENSION");
            Score("mysql", "AUTO_INCREMENT", "ENGINE=", "ENGINE =", "`", "UNSIGNED", "DEFAULT CHARSET");
            Score("sqlserver", "NVARCHAR", "IDENTITY(", "[dbo]", "\nGO", "DATETIME2", "UNIQUEIDENTIFIER");
            Score("sqlite", "AUTOINCREMENT", "INTEGER PRIMARY KEY AUTOINCREMENT", "PRAGMA ", "WITHOUT ROWID");
        }
        var best = scores.OrderByDescending(s => s.Value).First();
        return best.Value == 0 ? "postgres" : best.Key;
    }
}

/// <summary>
/// <c>init</c>: surveys the repository and writes a starter <c>.pipeline-guard.yml</c> in audit mode,
/// an example policy test that passes, and prints the next step for the CI platform found.
/// </summary>
public static class InitCommand
{
    public const string TestFile = ".pipeline-guard/tests/example.yml";
    public const string FixturePlan = ".pipeline-guard/tests/fixtures/database-deleted.json";

    public static int Run(bool force, CommandIo io)
    {
        var root = io.WorkingDirectory;
        var policyPath = Path.Combine(root, PolicyDiscovery.RepoPolicyFile);
        if (File.Exists(policyPath) && !force)
        {
            throw new UsageException($"{PolicyDiscovery.RepoPolicyFile} already exists; run with --force to overwrite it");
        }
        var survey = RepositorySurvey.Of(root);
        var policy = StarterPolicy(survey);
        // The starter must load: a generated file that fails validation would be a poor first step.
        PolicyLoader.LoadTexts([(PolicyDiscovery.RepoPolicyFile, policy, false)]);
        File.WriteAllText(policyPath, policy);
        var testPath = Path.Combine(root, TestFile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, FixturePlan))!);
        File.WriteAllText(testPath, ExampleTest);
        File.WriteAllText(Path.Combine(root, FixturePlan), ExamplePlan);

        var o = io.Out;
        o.WriteLine($"Found: {Describe(survey)}");
        o.WriteLine($"Wrote {PolicyDiscovery.RepoPolicyFile} (mode: audit — it reports what would block and never fails the step)");
        o.WriteLine($"Wrote {TestFile} and {FixturePlan} (run them: pipeline-guard test .pipeline-guard)");
        o.WriteLine();
        o.WriteLine("Next step:");
        o.Write(NextStep(survey));
        return ExitCodes.Allowed;
    }

    private static string Describe(RepositorySurvey s)
    {
        var parts = new List<string>
        {
            s.TerraformFolders.Count == 0 ? "no terraform" : $"terraform in {string.Join(", ", s.TerraformFolders)}",
            s.MigrationFolders.Count == 0 ? "no SQL migrations" : $"SQL migrations in {string.Join(", ", s.MigrationFolders.Select(m => $"{m.Folder} ({m.Dialect})"))}",
            s.Platforms.Count == 0 ? "no CI configuration" : $"CI: {string.Join(", ", s.Platforms)}",
        };
        return string.Join("; ", parts);
    }

    public static string StarterPolicy(RepositorySurvey survey)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# PipelineGuard policy, written by `pipeline-guard init`.");
        sb.AppendLine("# It starts in audit mode: every run reports what would have blocked and the step never fails.");
        sb.AppendLine("# Run with --audit-log, read `pipeline-guard audit report` after a week, then switch rules");
        sb.AppendLine("# (or the whole file, `mode: enforce`) to enforce once their false positives are gone.");
        sb.AppendLine("# It extends the built-in policy, so every built-in protection (stateful resources, deletion");
        sb.AppendLine("# protection, final snapshots, open admin ports, IAM wildcards, SQL data loss, ...) applies here;");
        sb.AppendLine("# `pipeline-guard explain --reference` lists them. Tune one with an `adjust` entry, never by copying.");
        sb.AppendLine("version: 1");
        sb.AppendLine("mode: audit");
        sb.AppendLine("extends: builtin");
        sb.AppendLine();
        sb.AppendLine("rules:");
        if (!survey.MigrationFolders.Any(m => m.Dialect != "postgres")) sb.AppendLine("  []  # the built-in rules cover what was found; add your own rules here");
        var sqlAvailable = CheckKinds.All.ContainsKey("sql");
        // The built-in SQL rules read PostgreSQL; migrations in another dialect get their own rule in that dialect.
        foreach (var (folder, dialect) in survey.MigrationFolders.Where(m => m.Dialect != "postgres").DistinctBy(m => m.Dialect))
        {
            var paths = string.Join(", ", survey.MigrationFolders.Where(m => m.Dialect == dialect).Select(m => $"\"{m.Folder}/**\""));
            var rule = $"""
                  - id: migrations-no-data-loss-{dialect}
                    description: Migrations in {folder} do not drop or truncate data.
                    severity: critical
                    enforcement: block
                    sql:
                      dialect: {dialect}
                      paths: [{paths}]
                      forbid: [drop-table, drop-column, truncate, delete-without-where, update-without-where]
                    override:
                      trailer: Guard-Override

                """;
            if (sqlAvailable)
            {
                sb.Append(rule);
            }
            else
            {
                sb.AppendLine("  # This pipeline-guard has no sql check kind; with one, this rule checks the migrations found:");
                foreach (var line in rule.TrimEnd().Split('\n')) sb.AppendLine("  #" + line.TrimEnd());
            }
        }
        return sb.ToString();
    }

    private const string ExampleTest = """
        # An example policy test, written by `pipeline-guard init`. Run: pipeline-guard test .pipeline-guard
        # Each case names the inputs of a run and what the policy must decide; add one per rule you rely on.
        version: 1
        policy: ../../.pipeline-guard.yml
        cases:
          - name: deleting the production database would block
            plan: fixtures/database-deleted.json
            environment: production
            now: 2026-01-15T10:00:00Z
            expect:
              decision: block
              includes:
                - { rule: no-destroy-stateful, outcome: block, target: aws_db_instance.main }

          - name: the same plan in staging does not trip the production rule
            plan: fixtures/database-deleted.json
            environment: staging
            now: 2026-01-15T10:00:00Z
            expect:
              excludes:
                - { rule: no-destroy-stateful }

        """;

    private const string ExamplePlan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "resource_changes": [
            {
              "address": "aws_db_instance.main",
              "mode": "managed",
              "type": "aws_db_instance",
              "name": "main",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": {
                "actions": ["delete"],
                "before": { "identifier": "main", "engine": "postgres", "deletion_protection": false },
                "after": null,
                "after_unknown": {},
                "before_sensitive": {},
                "after_sensitive": false
              },
              "action_reason": "delete_because_no_resource_config"
            }
          ]
        }

        """;

    public static string NextStep(RepositorySurvey survey)
    {
        var plan = survey.TerraformFolders.Count > 0 ? " --plan plan.json" : "";
        var migrations = survey.MigrationFolders.Count > 0 && CheckKinds.All.ContainsKey("sql")
            ? string.Concat(survey.MigrationFolders.Select(m => $" --migrations {m.Folder}"))
            : "";
        // Only what the change adds or edits is judged: a migration merged long ago must not block every later deploy.
        string Check(string baseRef) => $"pipeline-guard check{plan}{(migrations.Length > 0 ? $"{migrations} --changed-since {baseRef}" : "")} --environment production --audit-log pipeline-guard-audit.jsonl";
        var check = Check("origin/main");
        var sb = new StringBuilder();
        if (survey.Platforms.Contains("github"))
        {
            sb.AppendLine("  Add to the deploy job of your workflow in .github/workflows/ (before terraform apply / the migration step):");
            sb.AppendLine("    - uses: actions/checkout@v4");
            sb.AppendLine("      with: { fetch-depth: 0 }   # --changed-since needs the base commit");
            sb.AppendLine("    - run: dotnet tool install --global PipelineGuard.Cli");
            sb.AppendLine("    - run: pipeline-guard test .pipeline-guard");
            sb.AppendLine($"    - run: {Check("${{ github.event.pull_request.base.sha || github.event.before }}")}");
            sb.AppendLine("    - uses: actions/upload-artifact@v4");
            sb.AppendLine("      with: { name: pipeline-guard-audit, path: pipeline-guard-audit.jsonl }");
        }
        if (survey.Platforms.Contains("azure-pipelines"))
        {
            sb.AppendLine("  Add to azure-pipelines.yml, before the deploy step:");
            sb.AppendLine("    - script: dotnet tool install --global PipelineGuard.Cli && pipeline-guard test .pipeline-guard");
            sb.AppendLine($"    - script: {Check("origin/$(System.PullRequest.targetBranchName)")}");
            sb.AppendLine("    - publish: pipeline-guard-audit.jsonl");
            sb.AppendLine("      artifact: pipeline-guard-audit");
        }
        if (survey.Platforms.Contains("jenkins"))
        {
            sb.AppendLine("  Add to the Jenkinsfile, in a stage before the deploy:");
            sb.AppendLine("    sh 'dotnet tool install --global PipelineGuard.Cli && pipeline-guard test .pipeline-guard'");
            sb.AppendLine($"    sh \"{Check("origin/${env.CHANGE_TARGET ?: 'main'}")}\"");
            sb.AppendLine("    archiveArtifacts artifacts: 'pipeline-guard-audit.jsonl'");
        }
        if (survey.Platforms.Count == 0)
        {
            sb.AppendLine("  No CI configuration found. Run it where you deploy from:");
            sb.AppendLine("    pipeline-guard test .pipeline-guard");
            sb.AppendLine($"    {check}");
        }
        sb.AppendLine("  After a week: pipeline-guard audit report pipeline-guard-audit.jsonl (then set mode: enforce).");
        return sb.ToString();
    }
}
