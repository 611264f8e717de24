using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Context;

/// <summary>The CI platforms whose variables the guard reads, detected the way each one announces itself.</summary>
public static class CiPlatform
{
    /// <summary>GITHUB_ACTIONS=true, TF_BUILD=True or JENKINS_URL set; otherwise local.</summary>
    public static string Detect(IReadOnlyDictionary<string, string> env)
    {
        if (Is(env, "GITHUB_ACTIONS", "true")) return PlatformNames.GitHub;
        if (Is(env, "TF_BUILD", "true")) return PlatformNames.AzurePipelines;
        if (Get(env, "JENKINS_URL") is not null) return PlatformNames.Jenkins;
        return PlatformNames.Local;
    }

    /// <summary>The deploy context the platform's own variables give (nothing for local runs).</summary>
    public static DeployContext Read(IReadOnlyDictionary<string, string> env) => Detect(env) switch
    {
        PlatformNames.GitHub => ReadGitHub(env),
        PlatformNames.AzurePipelines => ReadAzurePipelines(env),
        PlatformNames.Jenkins => ReadJenkins(env),
        _ => new DeployContext { Platform = PlatformNames.Local },
    };

    /// <summary>
    /// GITHUB_* variables plus the event payload: for pull_request events the PR number, author and
    /// head commit (GITHUB_SHA is the test merge commit there), for push events the head commit's message and logins.
    /// </summary>
    public static DeployContext ReadGitHub(IReadOnlyDictionary<string, string> env)
    {
        var repository = Get(env, "GITHUB_REPOSITORY");
        var runUrl = Get(env, "GITHUB_SERVER_URL") is { } server && repository is not null && Get(env, "GITHUB_RUN_ID") is { } runId
            ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}"
            : null;
        var reference = Get(env, "GITHUB_REF");
        var actor = Get(env, "GITHUB_ACTOR");
        var triggering = Get(env, "GITHUB_TRIGGERING_ACTOR");
        var context = new DeployContext
        {
            Platform = PlatformNames.GitHub,
            Actor = actor,
            TriggeringActor = triggering is not null && !string.Equals(triggering, actor, StringComparison.OrdinalIgnoreCase) ? triggering : null,
            Repository = repository,
            RunUrl = runUrl,
            Branch = reference is not null && reference.StartsWith("refs/heads/", StringComparison.Ordinal)
                ? reference["refs/heads/".Length..]
                : Get(env, "GITHUB_HEAD_REF"),
            Commit = Get(env, "GITHUB_SHA") is { } sha ? new CommitInfo { Sha = sha } : null,
        };

        if (Get(env, "GITHUB_EVENT_PATH") is not { } eventPath || !File.Exists(eventPath)) return context;
        Inputs.InputLimits.Check(eventPath, Inputs.InputKind.EventPayload, "GITHUB_EVENT_PATH " + eventPath);
        var root = PositionedJson.Parse(File.ReadAllBytes(eventPath), eventPath);
        var eventName = Get(env, "GITHUB_EVENT_NAME");
        if (Prop(root, "pull_request") is { Kind: JsonValueKind.Object } pr)
        {
            var headSha = Str(Prop(Prop(pr, "head"), "sha"));
            context = context with
            {
                PullRequest = new PullRequestInfo
                {
                    Number = Prop(pr, "number") is { Number: { } n } && int.TryParse(n, out var number) ? number : null,
                    Author = Str(Prop(Prop(pr, "user"), "login")),
                    HeadSha = headSha,
                    BaseSha = Str(Prop(Prop(pr, "base"), "sha")),
                },
                Commit = headSha is not null ? new CommitInfo { Sha = headSha } : context.Commit,
            };
        }
        else if (eventName is null or "push" && Prop(root, "head_commit") is { Kind: JsonValueKind.Object } head)
        {
            var author = Prop(head, "author");
            var committer = Prop(head, "committer");
            context = context with
            {
                Commit = new CommitInfo
                {
                    Sha = Str(Prop(head, "id")) ?? context.Commit?.Sha,
                    Message = Str(Prop(head, "message")),
                    // username is the GitHub login; name is only what git was told.
                    Author = Str(Prop(author, "username")) ?? Str(Prop(author, "name")),
                    AuthorEmail = Str(Prop(author, "email")),
                    Committer = Str(Prop(committer, "username")) ?? Str(Prop(committer, "name")),
                    CommitterEmail = Str(Prop(committer, "email")),
                },
            };
        }
        return context;
    }

    /// <summary>BUILD_* and SYSTEM_* variables (upper-case, dots as underscores). The commit message is left to git: BUILD_SOURCEVERSIONMESSAGE holds only the first line.</summary>
    public static DeployContext ReadAzurePipelines(IReadOnlyDictionary<string, string> env)
    {
        var prId = Get(env, "SYSTEM_PULLREQUEST_PULLREQUESTID");
        var branch = Get(env, "SYSTEM_PULLREQUEST_SOURCEBRANCH") ?? Get(env, "BUILD_SOURCEBRANCH");
        var collection = Get(env, "SYSTEM_COLLECTIONURI");
        var project = Get(env, "SYSTEM_TEAMPROJECT");
        var buildId = Get(env, "BUILD_BUILDID");
        var sha = Get(env, "SYSTEM_PULLREQUEST_SOURCECOMMITID") ?? Get(env, "BUILD_SOURCEVERSION");
        return new DeployContext
        {
            Platform = PlatformNames.AzurePipelines,
            // The e-mail is the identity reviewers carry (uniqueName); the display name is a fallback.
            Actor = Get(env, "BUILD_REQUESTEDFOREMAIL") ?? Get(env, "BUILD_REQUESTEDFOR"),
            Repository = Get(env, "BUILD_REPOSITORY_NAME"),
            Branch = branch is not null && branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch,
            RunUrl = collection is not null && project is not null && buildId is not null
                ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={buildId}"
                : null,
            Commit = sha is not null ? new CommitInfo { Sha = sha } : null,
            PullRequest = prId is not null && int.TryParse(prId, out var n)
                ? new PullRequestInfo { Number = n, HeadSha = Get(env, "SYSTEM_PULLREQUEST_SOURCECOMMITID") }
                : null,
        };
    }

    /// <summary>The git plugin's and multibranch pipeline's variables: GIT_COMMIT, GIT_BRANCH/BRANCH_NAME, CHANGE_ID, CHANGE_AUTHOR, BUILD_URL.</summary>
    public static DeployContext ReadJenkins(IReadOnlyDictionary<string, string> env)
    {
        var changeId = Get(env, "CHANGE_ID");
        var branch = Get(env, "CHANGE_BRANCH") ?? Get(env, "BRANCH_NAME") ?? Get(env, "GIT_BRANCH");
        // The git plugin reports the remote-tracking name (origin/main).
        if (branch is not null && branch.StartsWith("origin/", StringComparison.Ordinal)) branch = branch["origin/".Length..];
        return new DeployContext
        {
            Platform = PlatformNames.Jenkins,
            Actor = Get(env, "BUILD_USER_ID"),
            Repository = Get(env, "GIT_URL"),
            Branch = branch,
            RunUrl = Get(env, "BUILD_URL"),
            Commit = Get(env, "GIT_COMMIT") is { } sha ? new CommitInfo { Sha = sha } : null,
            PullRequest = changeId is not null && int.TryParse(changeId, out var n)
                ? new PullRequestInfo { Number = n, Author = Get(env, "CHANGE_AUTHOR") }
                : null,
        };
    }

    internal static string? Get(IReadOnlyDictionary<string, string> env, string name) =>
        env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static bool Is(IReadOnlyDictionary<string, string> env, string name, string value) =>
        string.Equals(Get(env, name), value, StringComparison.OrdinalIgnoreCase);

    private static JsonValue? Prop(JsonValue? obj, string name)
    {
        if (obj is not { Kind: JsonValueKind.Object }) return null;
        foreach (var (n, _, v) in obj.Properties)
        {
            if (n == name) return v;
        }
        return null;
    }

    private static string? Str(JsonValue? v) => v is { Kind: JsonValueKind.String } ? v.String : null;
}
