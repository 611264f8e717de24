using System.Diagnostics;

namespace PipelineGuard.Tests.PolicyAsCode;

/// <summary>A real git repository in a scratch folder, served to pipeline-guard through a file:// URL.</summary>
public sealed class ScratchGitRepository
{
    public ScratchGitRepository(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Run("init", "--quiet", "--initial-branch=main");
    }

    public string Path { get; }

    public string FileUrl => "file://" + Path;

    public void Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Commits everything and returns the commit SHA.</summary>
    public string Commit(string message)
    {
        Run("add", "--all");
        Run("-c", "user.name=Policy Owner", "-c", "user.email=owner@example.com", "commit", "--quiet", "-m", message);
        return Run("rev-parse", "HEAD").Trim();
    }

    public void Tag(string name) => Run("tag", "--force", name);

    public string Run(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
