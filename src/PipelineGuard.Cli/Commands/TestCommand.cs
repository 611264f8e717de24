using PipelineGuard.Engine;
using PipelineGuard.Policy;
using PipelineGuard.PolicyTesting;

namespace PipelineGuard.Cli.Commands;

/// <summary>
/// <c>test &lt;dir&gt;</c>: runs the policy test files found in every <c>tests/</c> folder under the
/// given folder. Each case goes through the same fact collection and evaluation as <c>check</c>.
/// Prints like a test runner and closes with the line <c>N passed, M failed</c>; exit 1 on any failure.
/// </summary>
public static class TestCommand
{
    public const string TestsFolder = "tests";

    private static readonly HashSet<string> s_skippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", "bin", "obj", "fixtures",
    };

    public static int Run(string directory, CommandIo io)
    {
        var root = io.Resolve(directory);
        if (!Directory.Exists(root)) throw new UsageException($"'{directory}' is not a folder");
        var files = FindTestFiles(root).ToList();
        if (files.Count == 0)
        {
            throw new UsageException($"no policy tests under '{directory}': put test files (*.yml with 'cases') in a tests/ folder beside the policy");
        }
        var passed = 0;
        var failed = 0;
        foreach (var file in files)
        {
            var shown = Path.GetRelativePath(io.WorkingDirectory, file);
            io.Out.WriteLine(shown);
            var (p, f) = RunFile(file, shown, io);
            passed += p;
            failed += f;
        }
        io.Out.WriteLine();
        io.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed > 0 ? 1 : ExitCodes.Allowed;
    }

    /// <summary>*.yml / *.yaml files directly inside folders named tests/, in path order.</summary>
    public static IEnumerable<string> FindTestFiles(string root)
    {
        var inTests = Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) == TestsFolder;
        var found = new List<string>();
        Walk(root, inTests, found);
        return found.Order(StringComparer.Ordinal);
    }

    private static void Walk(string folder, bool isTests, List<string> found)
    {
        if (isTests)
        {
            found.AddRange(Directory.EnumerateFiles(folder).Where(IsYaml));
        }
        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (s_skippedFolders.Contains(name)) continue;
            Walk(sub, name == TestsFolder, found);
        }
    }

    private static bool IsYaml(string f) =>
        f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private static (int Passed, int Failed) RunFile(string file, string shown, CommandIo io)
    {
        var (testFile, errors) = PolicyTestFile.Parse(shown, File.ReadAllText(file));
        if (testFile is null)
        {
            io.Out.WriteLine($"  FAIL  (the test file is invalid)");
            foreach (var error in errors) io.Out.WriteLine($"        {error}");
            return (0, 1);
        }
        // Inputs and policy paths in a test file are relative to its folder; CI variables of the
        // machine running the tests must not leak into the cases, so the environment is empty.
        var folder = Path.GetDirectoryName(file)!;
        var caseIo = io with { WorkingDirectory = folder, Environment = new Dictionary<string, string?>(StringComparer.Ordinal) };
        var policyPaths = testFile.Policies.Count > 0 ? testFile.Policies : [DefaultPolicyFolder(folder)];
        PolicySet policy;
        try
        {
            policy = PolicyDiscovery.Load(policyPaths, caseIo);
        }
        catch (PolicyLoadException ex)
        {
            foreach (var c in testFile.Cases) io.Out.WriteLine($"  FAIL  {c.Name}");
            io.Out.WriteLine("        the policy under test is invalid:");
            foreach (var error in ex.Errors) io.Out.WriteLine($"        {error}");
            return (0, testFile.Cases.Count);
        }
        var passed = 0;
        var failed = 0;
        foreach (var testCase in testFile.Cases)
        {
            var result = RunCase(testCase, policy, caseIo);
            if (result.Passed)
            {
                passed++;
                io.Out.WriteLine($"  PASS  {testCase.Name}");
                continue;
            }
            failed++;
            io.Out.WriteLine($"  FAIL  {testCase.Name}  ({testCase.Position})");
            foreach (var line in result.Diff) io.Out.WriteLine($"        {line}");
        }
        return (passed, failed);
    }

    /// <summary>The pack folder a tests/ folder belongs to.</summary>
    private static string DefaultPolicyFolder(string testsFolder) =>
        Path.GetFileName(testsFolder) == TestsFolder ? ".." : ".";

    /// <summary>Runs one case through check's own collection and the engine.</summary>
    public static PolicyTestResult RunCase(PolicyTestCase testCase, PolicySet policy, CommandIo io)
    {
        var options = new CheckOptions
        {
            Plans = testCase.Plans,
            Migrations = testCase.Migrations,
            ContextFile = testCase.Context,
            Environment = testCase.Environment,
            Service = testCase.Service,
            Actor = testCase.Actor,
            Commit = testCase.Commit,
            Now = testCase.Now,
            Mode = testCase.Mode,
            ReadGit = false,
        };
        try
        {
            var facts = CheckCommand.CollectFacts(options, policy, io);
            var evaluation = PolicyEvaluator.Evaluate(policy, facts, CheckCommand.ParseMode(options.Mode));
            return PolicyTestResult.Compare(testCase, evaluation);
        }
        catch (Exception ex) when (ex is Model.InputException or UsageException)
        {
            return new PolicyTestResult(testCase, false, [$"the case's inputs could not be read: {ex.Message}"]);
        }
    }
}
