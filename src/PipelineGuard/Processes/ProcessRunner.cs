using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PipelineGuard.Processes;

/// <summary>What an external process gave back: its exit code, its standard output (bytes) and its standard error.</summary>
public sealed record ProcessResult(int ExitCode, byte[] Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public string OutputText => Encoding.UTF8.GetString(Output);
}

/// <summary>An external process that could not be started or did not finish in time.</summary>
public sealed class ProcessFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The one way the guard runs an external program (git, for signatures and fetches git itself must do;
/// initdb and pg_ctl for the trace). Every run has a deadline and is killed with its children past it; it never waits
/// on a prompt (standard input is closed, terminal and askpass prompts are turned off, ssh runs in
/// batch mode); standard output and standard error are read together so neither pipe can fill and stall it.
/// </summary>
public static class ProcessRunner
{
    /// <summary>The variables set on every run so that nothing can ask a question nobody will answer.</summary>
    public static IReadOnlyDictionary<string, string> NoPromptEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = "",
        ["SSH_ASKPASS"] = "",
        ["SSH_ASKPASS_REQUIRE"] = "never",
        ["GCM_INTERACTIVE"] = "never",
        ["GIT_PAGER"] = "cat",
        ["PAGER"] = "cat",
        ["GIT_EDITOR"] = "false",
        ["LC_ALL"] = "C",
    };

    /// <summary>Variables that would point git at another repository than the one named on the command line.</summary>
    private static readonly string[] s_repositoryOverrides = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE"];

    private static readonly Dictionary<string, string?> s_noChanges = [];

    /// <summary>Runs <paramref name="program"/> to its end or its deadline; <paramref name="environment"/> sets variables (a null value removes one) after the no-prompt ones.</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, string? workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in NoPromptEnvironment) start.Environment[name] = value;
        foreach (var name in s_repositoryOverrides) start.Environment.Remove(name);
        // ssh: never ask for a password or a host key; the user's own GIT_SSH_COMMAND is kept.
        if (!start.Environment.ContainsKey("GIT_SSH_COMMAND")) start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        foreach (var (name, value) in environment ?? s_noChanges)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ProcessFailedException($"{program} could not be started");
        }
        catch (Win32Exception e)
        {
            throw new ProcessFailedException($"{program} could not be started: {e.Message}", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended between the deadline and the kill.
                }
                throw new ProcessFailedException($"{program} {(arguments.Count > 0 ? arguments[0] : "")} did not finish within {timeout.TotalSeconds:0} s and was stopped");
            }
            Task.WaitAll(copy, error);
            return new ProcessResult(process.ExitCode, output.ToArray(), error.Result);
        }
    }
}
