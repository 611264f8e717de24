using LibGit2Sharp;
using PipelineGuard.Processes;

namespace PipelineGuard.Git;

/// <summary>Opens the repository holding a folder: through LibGit2Sharp, else (SHA-256 repositories) through the git program.</summary>
public static class GitAccess
{
    public static IGitRepository? Open(string directory)
    {
        try
        {
            return LocalRepository.Discover(directory);
        }
        catch (LibGit2SharpException e) when (e.Message.Contains("object format", StringComparison.OrdinalIgnoreCase))
        {
            // The libgit2 LibGit2Sharp ships is built without SHA-256 support.
            return GitProgramRepository.Open(directory);
        }
    }

    /// <summary>Runs git with the hardened runner; a failure to start or finish is an error for the caller to name.</summary>
    internal static ProcessResult Run(string? directory, IReadOnlyList<string> arguments) =>
        ProcessRunner.Run("git", ["-c", "core.quotepath=off", "-c", "safe.directory=*", .. arguments], directory, TimeSpan.FromSeconds(30));
}
