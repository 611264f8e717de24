using System.Diagnostics;
using System.Text;

namespace PipelineGuard.Cli.Commands;

/// <summary>What <c>hook install</c> writes into the hook: the check options and the command that runs the guard.</summary>
public sealed record HookOptions(string? Environment, IReadOnlyList<string> Policies, string? Guard);

/// <summary>
/// <c>hook install</c> / <c>hook uninstall</c>: a POSIX sh pre-push hook that runs <c>check</c> on the plan
/// files and SQL migrations changed in the commits being pushed. An existing hook is moved aside and put
/// back by uninstall; <c>git push --no-verify</c> stays the user's escape, and the hook says so.
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
            io.Out.WriteLine($"kept the existing pre-push hook as {backup}; 'pipeline-guard hook uninstall' puts it back");
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
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = io.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "rev-parse", "--git-path", "hooks" }) start.ArgumentList.Add(a);
        using var git = Process.Start(start) ?? throw new UsageException("cannot run git");
        var output = git.StandardOutput.ReadToEnd().Trim();
        var error = git.StandardError.ReadToEnd().Trim();
        git.WaitForExit();
        if (git.ExitCode != 0 || output.Length == 0) throw new UsageException($"not in a git repository ({io.WorkingDirectory}): {error}");
        return io.Resolve(output);
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
        var guard = string.Join(' ', GuardCommand(options.Guard).Select(Quote));
        var checkOptions = new List<string>();
        if (options.Environment is { } env) checkOptions.Add("--environment " + Quote(env));
        foreach (var p in options.Policies) checkOptions.Add("--policy " + Quote(p));
        var optionText = checkOptions.Count == 0 ? "" : " " + string.Join(' ', checkOptions);
        return Template
            .Replace("{{MARKER}}", Marker, StringComparison.Ordinal)
            .Replace("{{GUARD}}", guard, StringComparison.Ordinal)
            .Replace("{{OPTIONS}}", optionText, StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private const string Template = """
        #!/bin/sh
        {{MARKER}}: written by `pipeline-guard hook install`, removed by `pipeline-guard hook uninstall`.
        # Checks the terraform plan files (*plan.json) and SQL migrations (*.sql) changed in the commits
        # being pushed. To push without it once: git push --no-verify

        remote="$1"

        run_guard() {
          {{GUARD}} "$@"
        }

        # The all-zero object name git sends for "no object": 40 digits with SHA-1, 64 with SHA-256.
        zero=$(git hash-object --stdin </dev/null | tr '0-9a-f' '0')
        is_zero() {
          case "$1" in
            "$zero") return 0 ;;
            '' | *[!0]*) return 1 ;;
            *) return 0 ;;
          esac
        }

        changed=$(mktemp) || exit 1
        trap 'rm -f "$changed"' EXIT
        trap 'exit 130' INT TERM

        while read -r local_ref local_sha remote_ref remote_sha; do
          [ -n "$local_ref" ] || continue
          # Deleting a remote branch pushes no content.
          if is_zero "$local_sha"; then
            continue
          fi
          if is_zero "$remote_sha" || ! git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then
            # A new branch, or a remote tip we do not have: the commits not yet on any branch of this remote.
            git log --format= --name-only --diff-filter=ACMR "$local_sha" --not --remotes="$remote" >>"$changed" || exit 2
          else
            git diff --name-only --diff-filter=ACMR "$remote_sha" "$local_sha" >>"$changed" || exit 2
          fi
          printf 'pipeline-guard: checking %s -> %s\n' "$local_ref" "$remote_ref" >&2
        done

        set --
        while IFS= read -r file; do
          [ -f "$file" ] || continue
          case "$file" in
            *.sql) set -- "$@" --migrations "$file" ;;
            *plan.json) set -- "$@" --plan "$file" ;;
          esac
        done <<EOF
        $(sort -u "$changed")
        EOF

        if [ "$#" -eq 0 ]; then
          exit 0
        fi

        run_guard check{{OPTIONS}} "$@" >&2
        status=$?
        if [ "$status" -ne 0 ]; then
          printf 'pipeline-guard: the push was stopped (exit %s). Fix the findings above, or push anyway with: git push --no-verify\n' "$status" >&2
          exit "$status"
        fi
        exit 0

        """;
}
