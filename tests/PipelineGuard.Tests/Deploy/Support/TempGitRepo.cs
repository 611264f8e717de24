using System.Diagnostics;

namespace PipelineGuard.Tests.Deploy.Support;

/// <summary>A throwaway git repository in a temp folder, driven with the real git executable.</summary>
public sealed class TempGitRepo : IDisposable
{
    public TempGitRepo()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pg-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Tagger");
        Git("config", "user.email", "tagger@example.com");
    }

    public string Path { get; }

    /// <summary>Commits a file change with this message as Alice (author) and Carol (committer); returns the SHA.</summary>
    public string Commit(string message, string author = "Alice Example <alice@example.com>", string committer = "Carol Example <carol@example.com>")
    {
        File.AppendAllText(System.IO.Path.Combine(Path, "file.txt"), Guid.NewGuid().ToString("N") + "\n");
        Git("add", "file.txt");
        var (cn, ce) = Split(committer);
        Git(["-c", $"user.name={cn}", "-c", $"user.email={ce}", "-c", "commit.gpgsign=false", "commit", "-q", "--author", author, "-m", message]);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["HOME"] = Path;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    private static (string Name, string Email) Split(string identity)
    {
        var lt = identity.IndexOf('<', StringComparison.Ordinal);
        return (identity[..lt].Trim(), identity[(lt + 1)..^1]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
