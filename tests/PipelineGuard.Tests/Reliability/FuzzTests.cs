using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Tests.PolicyAsCode;
using PipelineGuard.Tests.Support;
using Xunit.Abstractions;

namespace PipelineGuard.Tests.Reliability;

/// <summary>
/// A bounded fuzz run over the CLI: mutations of real plans, migrations, policies and context files. Any input that
/// makes the CLI report an internal error (exit 3) or throw is written to Regressions/ (to be committed, where
/// <see cref="RegressionTests"/> replays it forever) and fails the run. PG_FUZZ_SECONDS sets the budget (default 20 s),
/// PG_FUZZ_SEED the seed (default fixed, so a CI run is repeatable).
/// </summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _workspace = new("pg-fuzz-");

    /// <summary>One kind of input: its seed files and how the CLI is run on it.</summary>
    public sealed record InputKind(string Name, string Extension, IReadOnlyList<string> Seeds);

    public static string RegressionFolder => RepoPaths.InRepo("tests", "PipelineGuard.Tests", "Reliability", "Regressions");

    private static readonly byte[][] s_fragments =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ",", ":", "null", "1e400", "-0", "\\u0000", "\\ud800", "\n", "\r\n", "\t", "'", "--", "/*", "*/", "$$",
            ";", "&a", "*a", "- ", ": ", "!!binary", "%YAML 1.2\n", "? ", "|", ">", "#", "..", "../", "~", "\"\"\"", "@json", "**", "[!", "\\",
            "version: 1", "rules:", "actions", "resource_changes", "DELIMITER $$\n", "GO\n", "BEGIN;", "COMMIT;", "CREATE INDEX", "DROP TABLE x;",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xE2, 0x82], [0xEF, 0xBB, 0xBF], [0x00], [0xF0, 0x9F, 0x98, 0x80],
    ];

    public static IReadOnlyList<InputKind> Kinds()
    {
        static IEnumerable<string> Files(string folder, string pattern, long maxBytes) =>
            Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Where(f => new FileInfo(f).Length <= maxBytes).Order(StringComparer.Ordinal)
                : [];
        return
        [
            new("plan", ".json", [.. Files(RepoPaths.InCorpus("terraform-plans"), "*.json", 64 * 1024).Take(40), RepoPaths.InRepo("examples", "prod-db-delete", "plan.json")]),
            new("sql", ".sql", [.. Files(RepoPaths.InCorpus("migrations"), "*.sql", 8 * 1024).Where((_, i) => i % 10 == 0).Take(60)]),
            new("policy", ".yml", [.. Files(RepoPaths.InRepo("policies"), "*.yml", 64 * 1024).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))]),
            new("context", ".json", [.. Files(RepoPaths.InRepo("tests", "PipelineGuard.Tests", "Fixtures", "deploy"), "*.json", 64 * 1024), .. ContextSeeds()]),
        ];
    }

    private static IEnumerable<string> ContextSeeds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pg-fuzz-context-seeds");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "context.json");
        File.WriteAllText(file, """
            {
              "environment": "production", "service": "payments", "actor": "alice", "branch": "main",
              "commit": { "sha": "abc123", "message": "Fix rounding [emergency]\n\nGuard-Override: deploy-window hotfix for INC-42", "tags": ["v1.4.2"], "author": "alice", "signed": true },
              "pullRequest": { "number": 42, "author": "alice", "approvals": [ { "user": "bob", "state": "approved" } ] },
              "incidents": [ { "id": "INC-42", "impact": "major", "status": "investigating", "services": ["payments"] } ]
            }
            """);
        return [file];
    }

    /// <summary>Runs the CLI on one input of a kind, in a workspace folder; exit code and stderr.</summary>
    public static (int Code, string Error) Run(string kind, byte[] input, string workspace)
    {
        var name = kind switch { "plan" => "plan.json", "sql" => "V1__fuzz.sql", "policy" => "policy.yml", _ => "context.json" };
        File.WriteAllBytes(Path.Combine(workspace, name), input);
        string[] args = kind switch
        {
            "plan" => ["check", "--plan", name, "--environment", "production", "--now", "2026-11-21T10:00:00Z"],
            "sql" => ["check", "--migrations", name, "--policy", RepoPaths.InRepo("policies", "migrations-postgres", "migrations-postgres.yml"), "--now", "2026-11-21T10:00:00Z"],
            "policy" => ["check", "--policy", name, "--plan", RepoPaths.InRepo("examples", "prod-db-delete", "plan.json"), "--now", "2026-11-21T10:00:00Z"],
            _ => ["check", "--context", name, "--now", "2026-11-21T10:00:00Z"],
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = "1" };
        var code = PipelineGuard.Cli.Cli.Run(args, new CommandIo(stdout, stderr, env, workspace));
        return (code, stderr.ToString());
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(0, bytes.Count + 1);
            switch (random.Next(0, 7))
            {
                case 0 when bytes.Count > 0: // flip bits of one byte
                    at = Math.Min(at, bytes.Count - 1);
                    bytes[at] ^= (byte)(1 << random.Next(0, 8));
                    break;
                case 1: // insert a fragment
                    bytes.InsertRange(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 2: // delete a run
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 3: // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0: // duplicate a run
                    at = Math.Min(at, bytes.Count - 1);
                    var length = Math.Min(bytes.Count - at, random.Next(1, 256));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5: // a random byte
                    bytes.Insert(at, (byte)random.Next(0, 256));
                    break;
                default: // replace a run with a fragment
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8)));
                    bytes.InsertRange(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
            }
        }
        return [.. bytes];
    }

    [Fact]
    public void A_bounded_fuzz_run_over_plans_migrations_policies_and_contexts_finds_no_internal_error()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("PG_FUZZ_SECONDS"), out var s) ? s : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PG_FUZZ_SEED"), out var given) ? given : 20261121;
        var random = new Random(seed);
        var kinds = Kinds();
        kinds.ShouldAllBe(k => k.Seeds.Count > 0, "every input kind needs seed files");
        var budget = TimeSpan.FromSeconds(seconds) / kinds.Count;
        var crashes = new List<string>();
        var total = 0;
        foreach (var kind in kinds)
        {
            var seeds = kind.Seeds.Select(File.ReadAllBytes).ToList();
            var tried = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < budget)
            {
                var input = Mutate(seeds[random.Next(seeds.Count)], random);
                tried++;
                string? failure;
                try
                {
                    var (code, error) = Run(kind.Name, input, _workspace.Path);
                    failure = code == 3 ? error : null;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failure = ex.ToString();
                }
                if (failure is not null)
                {
                    var file = Path.Combine(RegressionFolder, $"{kind.Name}-{Convert.ToHexStringLower(SHA256.HashData(input))[..12]}{kind.Extension}");
                    Directory.CreateDirectory(RegressionFolder);
                    File.WriteAllBytes(file, input);
                    crashes.Add($"{Path.GetFileName(file)}: {failure.Split('\n')[0]}");
                }
            }
            output.WriteLine($"fuzz {kind.Name}: {tried} inputs from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:0.0} s");
            total += tried;
        }
        output.WriteLine($"fuzz total: {total} inputs, {crashes.Count} crashes (seed {seed})");
        crashes.ShouldBeEmpty($"inputs that crashed were kept in {RegressionFolder}:\n{string.Join('\n', crashes)}");
        total.ShouldBeGreaterThan(kinds.Count * 10, "the fuzz run tried too few inputs to mean anything");
    }

    public void Dispose() => _workspace.Dispose();
}
