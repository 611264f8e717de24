using PipelineGuard.Git;
using PipelineGuard.Model;
using PipelineGuard.Processes;

namespace PipelineGuard.Deploy.Context;

/// <summary>
/// Commit facts for the deploy context: message, author, committer and tags through LibGit2Sharp, and
/// the signature status through git itself (libgit2 does not verify signatures). Not a repository or
/// an unknown commit gives null: a local run outside a repository simply has no commit facts. A
/// revision that is not a SHA or ref name is an input error and never reaches git.
/// </summary>
public sealed class GitRepository(string workingDirectory, TimeSpan? timeout = null, bool verifySignatures = true)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(15);

    /// <param name="source">Where the revision came from, named in the error when it is not a valid revision.</param>
    public CommitInfo? ReadCommit(string revision, string source = "the commit SHA")
    {
        var valid = GitRevision.Parse(revision, source);
        using var repository = GitAccess.Open(workingDirectory);
        if (repository?.ResolveCommit(valid) is not { } sha) return null;
        var facts = repository.ReadCommit(sha);
        return new CommitInfo
        {
            Sha = facts.Sha,
            Author = facts.Author,
            AuthorEmail = facts.AuthorEmail,
            Committer = facts.Committer,
            CommitterEmail = facts.CommitterEmail,
            Signed = verifySignatures ? SignatureIsGood(facts.Sha) : null,
            Message = facts.Message,
            Tags = facts.Tags,
        };
    }

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    public string? CurrentBranch()
    {
        using var repository = GitAccess.Open(workingDirectory);
        return repository?.CurrentBranch;
    }

    /// <summary>
    /// git's verdict on the commit's signature (it runs gpg or ssh-keygen with the user's keyring): only
    /// G counts, U is a good signature from an untrusted key. Null when git cannot say.
    /// </summary>
    private bool? SignatureIsGood(string fullSha)
    {
        try
        {
            // In a container action the workspace belongs to another user; this call only reads, so git's ownership check is waived.
            var result = ProcessRunner.Run("git",
                ["-c", "safe.directory=*", "log", "-1", "--no-show-signature", "--format=%G?", "--end-of-options", fullSha, "--"],
                workingDirectory, _timeout);
            return result.Succeeded ? result.OutputText.Trim() == "G" : null;
        }
        catch (ProcessFailedException)
        {
            return null;
        }
    }
}
