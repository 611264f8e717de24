using PipelineGuard.Git;
using PipelineGuard.Model;

namespace PipelineGuard.Cli.Commands;

/// <summary>What the installed hook passes to <c>hook pre-push</c>: the remote's name and the check options.</summary>
public sealed record PrePushOptions(string Remote, string? Environment, IReadOnlyList<string> Policies);

/// <summary>
/// <c>hook pre-push</c>: judges what a push sends, read from the pushed commits through LibGit2Sharp,
/// never from the working tree. For each ref update git lists on standard input, the plan files and
/// migrations the pushed commits add or change are written, as they are at the pushed tip, into a
/// scratch folder and checked there, with the policy as it is at that tip. A branch that is not checked
/// out, or a committed file with an uncommitted edit over it, is judged by its committed content.
/// </summary>
public static class PrePushCheck
{
    public static int Run(PrePushOptions options, TextReader updates, CommandIo io)
    {
        using var repository = GitAccess.Open(io.WorkingDirectory)
            ?? throw new UsageException($"hook pre-push: not in a git repository ({io.WorkingDirectory})");
        var topLevel = repository.TopLevel ?? throw new UsageException("hook pre-push: the repository has no working tree");
        var exit = ExitCodes.Allowed;
        while (updates.ReadLine() is { } line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (fields.Length != 4) throw new InputException("pre-push input", null, null, $"expected '<local ref> <local sha> <remote ref> <remote sha>', got '{line}'");
            var (localRef, localSha, remoteRef, remoteSha) = (fields[0], fields[1], fields[2], fields[3]);
            // Deleting a remote branch pushes no content.
            if (IsZero(localSha)) continue;
            var tip = Commit(repository, localSha) ?? throw new InputException("pre-push input", null, null, $"the pushed commit {localSha} is not in this repository");
            var paths = IsZero(remoteSha) || Commit(repository, remoteSha) is not { } remoteTip
                // A new branch, or a remote tip we do not have: what the commits not yet on any branch of this remote write.
                ? repository.PathsWrittenNotOnRemote(tip, options.Remote)
                : repository.PathsWritten(remoteTip, tip);
            io.Error.WriteLine($"pipeline-guard: checking {localRef} -> {remoteRef}");
            var status = CheckTip(repository, tip, paths, options, topLevel, io);
            exit = Math.Max(exit, status);
        }
        return exit;
    }

    private static int CheckTip(IGitRepository repository, string tip, IReadOnlyList<string> paths, PrePushOptions options, string topLevel, CommandIo io)
    {
        var plans = new List<string>();
        var migrations = new List<string>();
        var scratch = Directory.CreateTempSubdirectory("pipeline-guard-push-");
        try
        {
            foreach (var path in paths)
            {
                var isMigration = path.EndsWith(".sql", StringComparison.Ordinal);
                var isPlan = path.EndsWith("plan.json", StringComparison.Ordinal);
                if (!isMigration && !isPlan) continue;
                // Written earlier in the push and gone at its tip: not part of what the push leaves on the remote.
                if (repository.FileAt(tip, path) is not { } bytes) continue;
                var target = Path.Combine(scratch.FullName, path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
                (isMigration ? migrations : plans).Add(path);
            }
            if (plans.Count == 0 && migrations.Count == 0) return ExitCodes.Allowed;
            var check = new CheckOptions
            {
                Plans = plans,
                Migrations = migrations,
                Environment = options.Environment,
                Policies = [.. options.Policies.Select(p => CentralPolicySpec(p) ? p : Path.GetFullPath(Path.Combine(topLevel, p)))],
                PolicyRef = tip,
                Commit = tip,
                RepositoryDirectory = topLevel,
                SourceRoot = topLevel,
            };
            return CheckCommand.Run(check, io with { WorkingDirectory = scratch.FullName, Out = io.Error });
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static bool CentralPolicySpec(string policy) => Policy.CentralPolicySource.IsSpec(policy);

    private static string? Commit(IGitRepository repository, string sha) =>
        sha.Length is 40 or 64 && sha.All(Uri.IsHexDigit) && GitRevision.TryParse(sha) is { } revision
            ? repository.ResolveCommit(revision)
            : throw new InputException("pre-push input", null, null, $"'{sha}' is not an object name");

    /// <summary>The all-zero object name git sends for "no object" (40 digits with SHA-1, 64 with SHA-256).</summary>
    private static bool IsZero(string sha) => sha.Length > 0 && sha.All(c => c == '0');
}
