using System.Diagnostics;
using PipelineGuard.Cli.Commands;

namespace PipelineGuard.Tests.Support;

/// <summary>Runs the CLI in-process (fast) or as a real process (exit codes as a pipeline sees them).</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result InDirectory(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = environment ?? new Dictionary<string, string?>();
        var code = PipelineGuard.Cli.Cli.Run(args, new CommandIo(stdout, stderr, env, workingDirectory));
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    public static Result InProcess(params string[] args) => InDirectory(RepoPaths.Root, null, args);

    public static Result AsProcess(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        foreach (var name in new[] { "GITHUB_ACTIONS", "TF_BUILD", "JENKINS_URL" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pipeline-guard did not finish within 60 s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
