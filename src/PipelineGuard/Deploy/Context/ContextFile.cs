using System.Globalization;
using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Context;

/// <summary>
/// Reads the <c>--context</c> file (docs/CONTRACT.md section 4). Every wrong type, unknown key or bad value
/// is an <see cref="InputException"/> naming file:line:column, because a guard never passes what it could not read.
/// </summary>
public static class ContextFile
{
    private static readonly string[] s_topKeys =
        ["environment", "service", "actor", "triggeringActor", "branch", "repository", "runUrl", "platform", "commit", "pullRequest", "incidents"];
    private static readonly string[] s_commitKeys = ["sha", "message", "tags", "author", "committer", "signed", "authorEmail", "committerEmail"];
    private static readonly string[] s_prKeys = ["number", "author", "headSha", "approvals", "assignees"];
    private static readonly string[] s_approvalKeys = ["user", "state"];
    private static readonly string[] s_incidentKeys = ["id", "impact", "status", "services", "title", "url"];
    private static readonly string[] s_approvalStates = ["approved", "changes_requested", "commented", "dismissed", "stale", "rejected", "waiting_for_author"];
    private static readonly string[] s_impacts = ["none", "minor", "major", "critical"];

    public static DeployContext Read(string path)
    {
        byte[] bytes;
        Inputs.InputLimits.Check(path, Inputs.InputKind.Context);
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, "cannot read the context file: " + ex.Message, ex);
        }
        return Parse(bytes, path);
    }

    public static DeployContext Parse(byte[] bytes, string file)
    {
        var root = PositionedJson.Parse(bytes, file);
        var r = new Reader(file);
        r.Expect(root, JsonValueKind.Object, "the context");
        r.RejectUnknown(root, s_topKeys, "the context");
        return new DeployContext
        {
            Environment = r.OptionalString(root, "environment"),
            Service = r.OptionalString(root, "service"),
            Actor = r.OptionalString(root, "actor"),
            TriggeringActor = r.OptionalString(root, "triggeringActor"),
            Branch = r.OptionalString(root, "branch"),
            Repository = r.OptionalString(root, "repository"),
            RunUrl = r.OptionalString(root, "runUrl"),
            Platform = r.OptionalString(root, "platform"),
            Commit = Reader.Get(root, "commit") is { Kind: not JsonValueKind.Null } c ? ReadCommit(r, c) : null,
            PullRequest = Reader.Get(root, "pullRequest") is { Kind: not JsonValueKind.Null } pr ? ReadPullRequest(r, pr) : null,
            Incidents = Reader.Get(root, "incidents") is { Kind: not JsonValueKind.Null } inc ? ReadIncidents(r, inc, "incidents") : [],
        };
    }

    /// <summary>An incident file: <c>{ "incidents": [...] }</c> in the context file's shape.</summary>
    public static IReadOnlyList<Incident> ParseIncidentFile(byte[] bytes, string file)
    {
        var root = PositionedJson.Parse(bytes, file);
        var r = new Reader(file);
        r.Expect(root, JsonValueKind.Object, "the incident file");
        var list = Reader.Get(root, "incidents") ?? throw new InputException(file, root.Line, root.Column, "expected an 'incidents' array (or a Statuspage summary.json)");
        return ReadIncidents(r, list, "incidents");
    }

    private static CommitInfo ReadCommit(Reader r, JsonValue c)
    {
        r.Expect(c, JsonValueKind.Object, "'commit'");
        r.RejectUnknown(c, s_commitKeys, "'commit'");
        return new CommitInfo
        {
            Sha = r.OptionalString(c, "sha"),
            Message = r.OptionalString(c, "message"),
            Tags = Reader.Get(c, "tags") is { Kind: not JsonValueKind.Null } ? r.StringArray(c, "tags") : null,
            Author = r.OptionalString(c, "author"),
            Committer = r.OptionalString(c, "committer"),
            AuthorEmail = r.OptionalString(c, "authorEmail"),
            CommitterEmail = r.OptionalString(c, "committerEmail"),
            Signed = r.OptionalBool(c, "signed"),
        };
    }

    private static PullRequestInfo ReadPullRequest(Reader r, JsonValue pr)
    {
        r.Expect(pr, JsonValueKind.Object, "'pullRequest'");
        r.RejectUnknown(pr, s_prKeys, "'pullRequest'");
        var approvals = new List<Approval>();
        if (Reader.Get(pr, "approvals") is { Kind: not JsonValueKind.Null } list)
        {
            r.Expect(list, JsonValueKind.Array, "'pullRequest.approvals'");
            foreach (var a in list.Items)
            {
                r.Expect(a, JsonValueKind.Object, "an approval");
                if (Reader.Get(a, "source") is { } forged)
                {
                    // Platform approvals come only from the platform's API; a file cannot claim to be GitHub or Azure DevOps.
                    throw r.Error(forged, "an approval in the context file has no 'source': every approval written here is a context approval, and approvals from github or azure-devops are read from their API only");
                }
                r.RejectUnknown(a, s_approvalKeys, "an approval");
                var user = r.RequiredString(a, "user", "an approval");
                var state = r.OptionalString(a, "state") ?? "approved";
                if (!s_approvalStates.Contains(state, StringComparer.Ordinal))
                {
                    var at = Reader.Get(a, "state")!;
                    throw r.Error(at, $"approval state must be one of {string.Join(", ", s_approvalStates)}, not '{state}'");
                }
                approvals.Add(new Approval(user, state, "context"));
            }
        }
        int? number = null;
        if (Reader.Get(pr, "number") is { Kind: not JsonValueKind.Null } n)
        {
            if (n.Kind != JsonValueKind.Number || !int.TryParse(n.Number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw r.Error(n, $"'pullRequest.number' must be a positive whole number, not {n.KindWord}{(n.Number is null ? "" : " " + n.Number)}");
            }
            number = value;
        }
        return new PullRequestInfo
        {
            Number = number,
            Author = r.OptionalString(pr, "author"),
            HeadSha = r.OptionalString(pr, "headSha"),
            Approvals = approvals,
            Assignees = r.StringArray(pr, "assignees"),
        };
    }

    private static IReadOnlyList<Incident> ReadIncidents(Reader r, JsonValue list, string what)
    {
        r.Expect(list, JsonValueKind.Array, $"'{what}'");
        var incidents = new List<Incident>();
        foreach (var i in list.Items)
        {
            r.Expect(i, JsonValueKind.Object, "an incident");
            r.RejectUnknown(i, s_incidentKeys, "an incident");
            var id = r.RequiredString(i, "id", "an incident");
            var impact = r.RequiredString(i, "impact", "an incident");
            if (!s_impacts.Contains(impact, StringComparer.Ordinal))
            {
                throw r.Error(Reader.Get(i, "impact")!, $"incident impact must be one of {string.Join(", ", s_impacts)}, not '{impact}'");
            }
            incidents.Add(new Incident(id, impact, r.OptionalString(i, "status") ?? "open", r.StringArray(i, "services"))
            {
                Title = r.OptionalString(i, "title"),
                Url = r.OptionalString(i, "url"),
            });
        }
        return [.. incidents.Where(i => !IncidentImpact.IsClosed(i.Status))];
    }

    private sealed class Reader(string file)
    {
        public InputException Error(JsonValue at, string problem) => new(file, at.Line, at.Column, problem);

        public void Expect(JsonValue v, JsonValueKind kind, string what)
        {
            if (v.Kind != kind)
            {
                throw Error(v, $"{what} must be {(kind == JsonValueKind.Object ? "an object" : "an array")}, not {v.KindWord}");
            }
        }

        public void RejectUnknown(JsonValue obj, string[] allowed, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, key, _) in obj.Properties)
            {
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown key '{name}' in {what}; allowed: {string.Join(", ", allowed)}");
                }
                if (!seen.Add(name)) throw Error(key, $"key '{name}' is given twice in {what}");
            }
        }

        public static JsonValue? Get(JsonValue obj, string name)
        {
            foreach (var (n, _, v) in obj.Properties)
            {
                if (n == name) return v;
            }
            return null;
        }

        public string? OptionalString(JsonValue obj, string name)
        {
            var v = Get(obj, name);
            if (v is null || v.Kind == JsonValueKind.Null) return null;
            if (v.Kind != JsonValueKind.String) throw Error(v, $"'{name}' must be a string, not {v.KindWord}");
            return v.String;
        }

        public string RequiredString(JsonValue obj, string name, string what) =>
            OptionalString(obj, name) is { Length: > 0 } s ? s : throw Error(Get(obj, name) ?? obj, $"{what} needs a non-empty string '{name}'");

        public bool? OptionalBool(JsonValue obj, string name)
        {
            var v = Get(obj, name);
            if (v is null || v.Kind == JsonValueKind.Null) return null;
            if (v.Bool is null) throw Error(v, $"'{name}' must be true or false, not {v.KindWord}");
            return v.Bool;
        }

        public List<string> StringArray(JsonValue obj, string name)
        {
            var v = Get(obj, name);
            if (v is null || v.Kind == JsonValueKind.Null) return [];
            if (v.Kind != JsonValueKind.Array) throw Error(v, $"'{name}' must be an array of strings, not {v.KindWord}");
            var list = new List<string>();
            foreach (var item in v.Items)
            {
                if (item.Kind != JsonValueKind.String) throw Error(item, $"every item of '{name}' must be a string, not {item.KindWord}");
                list.Add(item.String!);
            }
            return list;
        }
    }
}
