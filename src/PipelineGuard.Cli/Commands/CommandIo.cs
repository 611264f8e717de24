namespace PipelineGuard.Cli.Commands;

/// <summary>Where a command writes and what it sees: injectable so tests run commands in-process.</summary>
public sealed record CommandIo(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string?> Environment,
    string WorkingDirectory)
{
    /// <summary>True when Out is the process's own stdout (colour is then allowed on a terminal).</summary>
    public bool Terminal { get; init; }

    public static CommandIo FromProcess()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = e.Value as string;
        }
        return new CommandIo(Console.Out, Console.Error, env, Directory.GetCurrentDirectory()) { Terminal = true };
    }

    /// <summary>The clock and the pause of <c>--wait-for-approval</c>; tests make both instant.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    public string? Env(string name) => Environment.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    /// <summary>A path as the user gave it, resolved against the working directory.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));
}

/// <summary>Exit codes of the contract.</summary>
public static class ExitCodes
{
    public const int Allowed = 0;
    public const int Blocked = 1;
    public const int NotEvaluated = 2;
    public const int InternalError = 3;
}
