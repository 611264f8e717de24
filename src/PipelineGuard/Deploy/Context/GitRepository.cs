using System.Diagnostics;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Context;

/// <summary>
/// Commit facts from the <c>git</c> executable: message, author, committer, tags pointing at the
/// commit and signature status. Any failure (no git, not a repository, unknown commit) gives null:
/// a local run outside a repository simply has no commit facts.
/// </summary>
public sealed class GitRepository(string workingDirectory, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(15);

    public CommitInfo? ReadCommit(string revision)
    {
        // %G? asks git to verify the signature; only G (good, from a trusted key) counts: U is a good signature by an untrusted key.
        var log = Run("log", "-1", "--no-show-signature", "--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%G?%x00%B", revision, "--");
        if (log is null) return null;
        var parts = log.Split('\0');
        if (parts.Length < 7) return null;
        var sha = parts[0].Trim();
        var tags = Run("tag", "--points-at", sha) ?? "";
        return new CommitInfo
        {
            Sha = sha,
            Author = parts[1],
            AuthorEmail = parts[2],
            Committer = parts[3],
            CommitterEmail = parts[4],
            Signed = parts[5].Trim() == "G",
            Message = parts[6].TrimEnd('\n'),
            Tags = [.. tags.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
    }

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    public string? CurrentBranch()
    {
        var name = Run("rev-parse", "--abbrev-ref", "HEAD")?.Trim();
        return name is null or "" or "HEAD" ? null : name;
    }

    private string? Run(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("core.quotepath=off");
        // In a container action the workspace belongs to another user; these calls only read, so git's ownership check is waived.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("safe.directory=*");
        foreach (var a in args) info.ArgumentList.Add(a);
        // A pager or a terminal prompt would hang the guard.
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var process = Process.Start(info);
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? stdout.GetAwaiter().GetResult() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
