using System.Text;
using PipelineGuard.Git;

namespace PipelineGuard.Cli.Commands;

/// <summary>What <c>hook install</c> writes into the hook: the check options and the command that runs the guard.</summary>
public sealed record HookOptions(string? Environment, IReadOnlyList<string> Policies, string? Guard);

/// <summary>
/// <c>hook install</c> / <c>hook uninstall</c>: a POSIX sh pre-push hook that hands git's list of pushed refs
/// to <c>hook pre-push</c> (<see cref="PrePushCheck"/>), which judges the plan files and SQL migrations as
/// they are in the pushed commits. An existing hook is chained: moved aside, run first, put back by
/// uninstall. A hook whose guard has gone refuses the push. <c>git push --no-verify</c> stays the user's
/// escape, and the hook says so.
/// </summary>
public static class HookCommand
{
    public const string Marker = "# pipeline-guard pre-push hook";
    public const string BackupSuffix = ".pre-pipeline-guard";

    public static int Install(HookOptions options, CommandIo io)
    {
        var hooks = HooksFolder(io);
        Directory.CreateDirectory(hooks);
        var hook = Path.Combine(hooks, "pre-push");
        var backup = hook + BackupSuffix;
        if (File.Exists(hook) && !IsOurs(hook))
        {
            if (File.Exists(backup))
            {
                throw new UsageException($"{hook} is not pipeline-guard's and {backup} already exists; move one of them away first");
            }
            File.Move(hook, backup);
            io.Out.WriteLine($"kept the existing pre-push hook as {backup}: it still runs first, and a push it refuses stays refused; 'pipeline-guard hook uninstall' puts it back");
        }
        File.WriteAllText(hook, Script(options), new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        io.Out.WriteLine($"installed {hook}: every git push now checks the plan files and migrations it changes (skip once with git push --no-verify)");
        return ExitCodes.Allowed;
    }

    public static int Uninstall(CommandIo io)
    {
        var hook = Path.Combine(HooksFolder(io), "pre-push");
        var backup = hook + BackupSuffix;
        if (File.Exists(hook))
        {
            if (!IsOurs(hook)) throw new UsageException($"{hook} was not written by pipeline-guard; it is left as it is");
            File.Delete(hook);
            io.Out.WriteLine($"removed {hook}");
        }
        else
        {
            io.Out.WriteLine("no pipeline-guard pre-push hook is installed");
        }
        if (File.Exists(backup))
        {
            File.Move(backup, hook);
            io.Out.WriteLine($"restored the previous pre-push hook from {backup}");
        }
        return ExitCodes.Allowed;
    }

    private static bool IsOurs(string hook) => File.ReadLines(hook).Take(5).Any(l => l.StartsWith(Marker, StringComparison.Ordinal));

    /// <summary>The hooks folder git uses for this repository (core.hooksPath included).</summary>
    private static string HooksFolder(CommandIo io)
    {
        using var repository = GitAccess.Open(io.WorkingDirectory)
            ?? throw new UsageException($"not in a git repository ({io.WorkingDirectory})");
        if (repository.Config("core.hooksPath") is { Length: > 0 } configured)
        {
            // git reads a relative core.hooksPath from the working tree's root.
            var expanded = configured.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured[2..])
                : configured;
            return Path.GetFullPath(Path.Combine(repository.TopLevel ?? repository.GitDirectory, expanded));
        }
        return Path.Combine(repository.GitDirectory, "hooks");
    }

    /// <summary>The command words that run this pipeline-guard: the apphost itself, or dotnet and the dll.</summary>
    internal static IReadOnlyList<string> GuardCommand(string? given)
    {
        if (given is not null) return given.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("pipeline-guard", StringComparison.OrdinalIgnoreCase)) return [process];
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline-guard.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return [dotnet, dll];
    }

    /// <summary>A word for sh: single-quoted, with embedded single quotes closed, escaped and reopened.</summary>
    internal static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Script(HookOptions options)
    {
        var words = GuardCommand(options.Guard);
        var guard = string.Join(' ', words.Select(Quote));
        var checkOptions = new List<string>();
        if (options.Environment is { } env) checkOptions.Add("--environment " + Quote(env));
        foreach (var p in options.Policies) checkOptions.Add("--policy " + Quote(p));
        var optionText = checkOptions.Count == 0 ? "" : " " + string.Join(' ', checkOptions);
        // The program must be found, and each word naming a file (the dll run by dotnet) must still be there.
        var present = new List<string> { $"command -v {Quote(words[0])} >/dev/null 2>&1" };
        present.AddRange(words.Skip(1).Where(w => w.Contains('/', StringComparison.Ordinal)).Select(w => $"[ -f {Quote(w)} ]"));
        return Template
            .Replace("{{MARKER}}", Marker, StringComparison.Ordinal)
            .Replace("{{GUARD}}", guard, StringComparison.Ordinal)
            .Replace("{{GUARD_PRESENT}}", string.Join(" && ", present), StringComparison.Ordinal)
            .Replace("{{BACKUP}}", BackupSuffix, StringComparison.Ordinal)
            .Replace("{{OPTIONS}}", optionText, StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private const string Template = """
        #!/bin/sh
        {{MARKER}}: written by `pipeline-guard hook install`, removed by `pipeline-guard hook uninstall`.
        # Judges the terraform plan files (*plan.json) and SQL migrations (*.sql) as they are in the commits
        # being pushed (not the working tree). To push without it once: git push --no-verify

        if ! { {{GUARD_PRESENT}}; }; then
          printf 'pipeline-guard: the push was refused: this pre-push hook runs' >&2
          printf ' %s' {{GUARD}} >&2
          printf ', which is no longer there.\n%s\n' 'Reinstall the hook with the guard you have (pipeline-guard hook install), remove it (pipeline-guard hook uninstall), or push anyway with: git push --no-verify' >&2
          exit 1
        fi

        run_guard() {
          {{GUARD}} "$@"
        }

        updates=$(mktemp) || exit 1
        trap 'rm -f "$updates"' EXIT
        trap 'exit 130' INT TERM
        cat >"$updates" || exit 1

        # The hook that was here before pipeline-guard's runs first, with the same arguments and input.
        previous="$(dirname "$0")/pre-push{{BACKUP}}"
        if [ -x "$previous" ]; then
          "$previous" "$@" <"$updates"
          status=$?
          if [ "$status" -ne 0 ]; then
            printf 'pipeline-guard: the previous pre-push hook (%s) refused the push (exit %s)\n' "$previous" "$status" >&2
            exit "$status"
          fi
        fi

        run_guard hook pre-push --remote "$1"{{OPTIONS}} <"$updates" >&2
        status=$?
        if [ "$status" -ne 0 ]; then
          printf 'pipeline-guard: the push was stopped (exit %s). Fix the findings above, or push anyway with: git push --no-verify\n' "$status" >&2
          exit "$status"
        fi
        exit 0

        """;
}
