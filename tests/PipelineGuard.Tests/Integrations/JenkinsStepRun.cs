using System.Text.Json;
using PipelineGuard.Processes;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Integrations;

/// <summary>One harness run over every scenario, shared by the tests (a JVM start costs seconds); started on first use.</summary>
public sealed class JenkinsStepRun : IDisposable
{
    public const string Service = "billing'; touch pwned-quote; '";
    public const string Actor = "$(touch pwned-subst) `touch pwned-backtick` \\\"; touch pwned-escape";
    // The CLI refuses a --commit that is no SHA or ref name, so the hostile words ride on the service, the actor and reportDir.
    public const string Commit = "HEAD@{1}";
    public const string ReportDir = "reports/it's $(touch pwned-dir) \"here\"";
    public const string Image = "registry.example/pipeline-guard:v1'; touch pwned-image; '";

    /// <summary>Variables of the machine running the tests that would make the CLI read another CI's context.</summary>
    private static readonly string[] s_ciVariables =
    [
        "GITHUB_ACTIONS", "TF_BUILD", "JENKINS_URL", "BUILD_URL", "JOB_NAME", "BUILD_NUMBER", "GIT_COMMIT", "GIT_BRANCH",
        "BRANCH_NAME", "CHANGE_ID", "CHANGE_AUTHOR", "CHANGE_TARGET", "TAG_NAME", "BUILD_USER_ID",
    ];

    private readonly Lazy<IReadOnlyDictionary<string, StepScenario>> _scenarios;

    public JenkinsStepRun()
    {
        Root = Path.Combine(Path.GetTempPath(), "pg-jenkins-" + Guid.NewGuid().ToString("N"));
        _scenarios = new(RunAll);
    }

    /// <summary>The temporary folder holding the workspaces, the stand-in tools and the harness's files.</summary>
    public string Root { get; }

    public StepScenario Scenario(string name) => _scenarios.Value[name];

    /// <summary>The CLI's arguments after <c>check</c> as "--option value" (or the bare flag), for comparison as a set.</summary>
    public static IReadOnlyList<string> Options(IReadOnlyList<string> argv)
    {
        argv[0].ShouldBe("check");
        var options = new List<string>();
        for (var i = 1; i < argv.Count; i++)
        {
            options.Add(argv[i] == "--quiet" ? argv[i] : argv[i] + " " + argv[++i]);
        }
        return options;
    }

    private Dictionary<string, StepScenario> RunAll()
    {
        Directory.CreateDirectory(Root);
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll");
        // The binary: parameter, in a folder whose name needs quoting; it records its arguments, then is the CLI.
        var binary = Tool(Path.Combine(Root, "tool's bin", "pipeline-guard"), $"exec dotnet {Quote(dll)} \"$@\"");
        // A docker stand-in: records its arguments, then runs the CLI with those after --entrypoint PATH IMAGE.
        var docker = Tool(Path.Combine(Root, "fake docker", "docker"),
            $"while [ \"$#\" -gt 0 ] && [ \"$1\" != --entrypoint ]; do shift; done\nshift 3\nexec dotnet {Quote(dll)} \"$@\"");
        var scenarios = new List<Dictionary<string, object>>
        {
            Scenario("blocks", new()
            {
                ["binary"] = binary, ["plan"] = "plan.json", ["migrations"] = new List<string> { "db/migrations/V1__create_orders.sql", "db/migrations/V3__drop_legacy_total.sql" },
                ["environment"] = "production", ["service"] = Service, ["sourceRoot"] = "infra",
                ["auditLog"] = "audit log/decisions.jsonl", ["actor"] = Actor, ["commit"] = Commit, ["quiet"] = true, ["reportDir"] = ReportDir,
            }),
            Scenario("failOnBlock false", new() { ["binary"] = binary, ["plan"] = "plan.json", ["environment"] = "production", ["failOnBlock"] = false }),
            Scenario("passes", new() { ["binary"] = binary, ["plan"] = "plan.json", ["environment"] = "production", ["mode"] = "audit" }),
            Scenario("unreadable input", new()
            {
                ["binary"] = binary, ["plan"] = "no-such-plan.json", ["policy"] = new List<string> { "policies/base.yml", "policies/team.yml" },
                ["changedSince"] = "origin/main", ["context"] = "deploy context.json", ["postgres"] = "postgres://guard:secret@db.example:5432/app",
            }, new() { ["CHANGE_TARGET"] = "main" }),
            Scenario("in the image", new() { ["image"] = Image, ["plan"] = "plan.json", ["environment"] = "production" }, new()
            {
                ["PATH"] = Path.GetDirectoryName(docker) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                ["JENKINS_URL"] = "https://ci.example/", ["BUILD_URL"] = "https://ci.example/job/deploy/7/", ["JOB_NAME"] = "deploy",
                ["BUILD_NUMBER"] = "7", ["GIT_COMMIT"] = "0123abc", ["CHANGE_AUTHOR"] = "alice",
            }),
        };
        var scenarioFile = Path.Combine(Root, "scenarios.json");
        var recordFile = Path.Combine(Root, "record.json");
        File.WriteAllText(scenarioFile, JsonSerializer.Serialize(scenarios));

        var environment = s_ciVariables.ToDictionary(v => v, _ => (string?)null);
        environment["NO_COLOR"] = "1";
        environment["JAVA_HOME"] = JavaHome();
        var groovy = GroovyFactAttribute.OnPath("groovy")
            ?? throw new InvalidOperationException($"no groovy on the PATH, and {GroovyFactAttribute.RequireVariable}=1 requires it (apt-get install groovy)");
        var result = ProcessRunner.Run(groovy,
            [RepoPaths.InRepo("tests", "jenkins", "StepHarness.gvy"), RepoPaths.InRepo("vars", "pipelineGuard.groovy"), scenarioFile, recordFile],
            Root, TimeSpan.FromMinutes(5), environment);
        if (result.ExitCode != 0) throw new InvalidOperationException($"the harness failed (exit {result.ExitCode}):\n{result.OutputText}\n{result.Error}");

        using var record = JsonDocument.Parse(File.ReadAllText(recordFile));
        return record.RootElement.EnumerateArray().Select(r =>
        {
            var name = r.GetProperty("name").GetString()!;
            // No file: the CLI (or docker) never started, which the scenario's own assertions then report.
            var argv = File.Exists(ArgvFile(name)) ? File.ReadAllText(ArgvFile(name)).Split('\0')[..^1] : [];
            return new StepScenario(Workspace(name), r.Clone(), argv);
        }).ToDictionary(s => s.Record.GetProperty("name").GetString()!);
    }

    private Dictionary<string, object> Scenario(string name, Dictionary<string, object> args, Dictionary<string, string>? env = null)
    {
        var workspace = Workspace(name);
        CopyTree(RepoPaths.InRepo("examples", "prod-db-delete"), workspace);
        env ??= [];
        env["PIPELINE_GUARD_ARGV"] = ArgvFile(name);
        return new() { ["name"] = name, ["workspace"] = workspace, ["args"] = args, ["env"] = env };
    }

    // A space in the workspace path, as Jenkins makes for concurrent builds of a job named with one.
    private string Workspace(string name) => Path.Combine(Root, "job ws", name.Replace(' ', '-'));

    private string ArgvFile(string name) => Path.Combine(Root, "argv-" + name.Replace(' ', '-'));

    private static string Tool(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$PIPELINE_GUARD_ARGV\"\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // Debian's groovy looks for /usr/lib/jvm/default-java unless JAVA_HOME says otherwise; a JDK installed another way has none.
    private static string? JavaHome()
    {
        var given = Environment.GetEnvironmentVariable("JAVA_HOME");
        if (!string.IsNullOrEmpty(given)) return given;
        var java = GroovyFactAttribute.OnPath("java");
        if (java is null) return null;
        var real = File.ResolveLinkTarget(java, returnFinalTarget: true)?.FullName ?? java;
        return Path.GetDirectoryName(Path.GetDirectoryName(real));
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>One scenario's workspace, the harness's record of it and the arguments the CLI (or docker) received.</summary>
public sealed record StepScenario(string Workspace, JsonElement Record, IReadOnlyList<string> Argv)
{
    public string Result => Record.GetProperty("result").GetString()!;

    public string? Error => Record.GetProperty("error").GetString();

    public int? Returned => Record.GetProperty("returned").ValueKind == JsonValueKind.Null ? null : Record.GetProperty("returned").GetInt32();

    /// <summary>The pipeline steps the step called, in order.</summary>
    public IReadOnlyList<string> Steps => [.. Record.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("step").GetString()!)];

    public JsonElement Call(string step) => Record.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("step").GetString() == step);

    /// <summary>The exit status of the step's one <c>sh</c> call, and what it printed (set -x trace included).</summary>
    public int Status => Call("sh").GetProperty("status").GetInt32();

    public string Output => Call("sh").GetProperty("output").GetString()!;

    public override string ToString() => Record.GetRawText();
}
