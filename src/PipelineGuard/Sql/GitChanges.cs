using System.Diagnostics;
using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>
/// What changed since a git ref, read through the <c>git</c> executable: the merge-base of the ref
/// with HEAD, and every path added, modified or deleted since then (committed or not, plus untracked files).
/// </summary>
public sealed class GitChanges
{
    private readonly Dictionary<string, char> _statusByPath;

    private GitChanges(string topLevel, string baseCommit, Dictionary<string, char> statusByPath)
    {
        TopLevel = topLevel;
        BaseCommit = baseCommit;
        _statusByPath = statusByPath;
    }

    /// <summary>The repository's root folder (absolute).</summary>
    public string TopLevel { get; }

    public string BaseCommit { get; }

    /// <summary>Paths (relative to <see cref="TopLevel"/>, forward slashes) deleted since the base.</summary>
    public IEnumerable<string> Deleted => _statusByPath.Where(p => p.Value == 'D').Select(p => p.Key);

    /// <summary>The status of an absolute path: Added, Modified or Unchanged.</summary>
    public MigrationGitStatus StatusOf(string fullPath)
    {
        var relative = Relative(fullPath);
        return _statusByPath.TryGetValue(relative, out var s)
            ? s is 'A' or '?' ? MigrationGitStatus.Added : s == 'D' ? MigrationGitStatus.Unchanged : MigrationGitStatus.Modified
            : MigrationGitStatus.Unchanged;
    }

    public string Relative(string fullPath) => Path.GetRelativePath(TopLevel, fullPath).Replace('\\', '/');

    public static GitChanges Read(string workingDirectory, string changedSince)
    {
        var topLevel = Run(workingDirectory, "--changed-since", "rev-parse", "--show-toplevel").Trim();
        var baseCommit = Run(workingDirectory, "--changed-since", "merge-base", changedSince, "HEAD").Trim();
        var statuses = new Dictionary<string, char>(StringComparer.Ordinal);
        var diff = Run(topLevel, "--changed-since", "diff", "--name-status", "-z", "--no-renames", baseCommit, "--");
        var parts = diff.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            statuses[parts[i + 1]] = parts[i][0];
        }
        foreach (var untracked in Run(topLevel, "--changed-since", "ls-files", "--others", "--exclude-standard", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            statuses[untracked] = '?';
        }
        return new GitChanges(Path.GetFullPath(topLevel), baseCommit, statuses);
    }

    private static string Run(string workingDirectory, string what, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // Paths must come back verbatim, not octal-escaped.
        start.ArgumentList.Insert(0, "core.quotepath=off");
        start.ArgumentList.Insert(0, "-c");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException(what, null, null, "could not start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException(what, null, null, $"the git executable is needed for {what} but could not be started: {e.Message}", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InputException(what, null, null, $"git {string.Join(' ', arguments)} failed: {stderr.Result.Trim()}");
            }
            return stdout;
        }
    }
}
