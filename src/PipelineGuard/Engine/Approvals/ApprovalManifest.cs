using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineGuard.Inputs;

namespace PipelineGuard.Engine.Approvals;

/// <summary>One migration judged, as the digest names it.</summary>
public sealed record DigestedFile(string Path, string Sha256);

/// <summary>
/// What an action-level approval approves (docs/approvals.md, "The digest"): the digest is the SHA-256 of
/// <see cref="CanonicalText"/>, the canonical JSON of these fields. Paths of plan files, timestamps and the
/// order of resource changes are not in it; everything that changes what the deploy does is.
/// </summary>
public sealed record ApprovalManifest(
    string Commit,
    string Environment,
    int ResourceChanges,
    string ResourceChangesSha256,
    IReadOnlyList<DigestedFile> Migrations,
    IReadOnlyList<string> Policies)
{
    public const int Version = 1;

    /// <summary>The manifest as canonical JSON; its SHA-256 is <see cref="Digest"/>.</summary>
    public string CanonicalText
    {
        get
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                WriteTo(w);
            }
            return CanonicalJson.ToCanonicalString(stream.ToArray());
        }
    }

    /// <summary>64 lower-case hex digits.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText)));

    /// <summary>Writes the manifest as a JSON object (for the report, the audit log and the request's marker).</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("version", Version);
        w.WriteString("commit", Commit);
        w.WriteString("environment", Environment);
        w.WriteStartObject("resource_changes");
        w.WriteNumber("count", ResourceChanges);
        w.WriteString("sha256", ResourceChangesSha256);
        w.WriteEndObject();
        w.WriteStartArray("migrations");
        foreach (var m in Migrations)
        {
            w.WriteStartObject();
            w.WriteString("path", m.Path);
            w.WriteString("sha256", m.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("policies");
        foreach (var p in Policies) w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; null when it is not a manifest of this version.</summary>
    public static ApprovalManifest? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        if (!e.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != Version) return null;
        string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
        if (Str(e, "commit") is not { } commit || Str(e, "environment") is not { } environment) return null;
        if (!e.TryGetProperty("resource_changes", out var rc) || rc.ValueKind != JsonValueKind.Object) return null;
        if (!rc.TryGetProperty("count", out var count) || count.ValueKind != JsonValueKind.Number || Str(rc, "sha256") is not { } rcSha) return null;
        var migrations = new List<DigestedFile>();
        if (e.TryGetProperty("migrations", out var ms) && ms.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in ms.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.Object && Str(m, "path") is { } path && Str(m, "sha256") is { } sha) migrations.Add(new DigestedFile(path, sha));
            }
        }
        var policies = new List<string>();
        if (e.TryGetProperty("policies", out var ps) && ps.ValueKind == JsonValueKind.Array)
        {
            policies.AddRange(ps.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));
        }
        return new ApprovalManifest(commit, environment, count.GetInt32(), rcSha, migrations, policies);
    }

    /// <summary>What differs from an earlier manifest, in words: why an approval of it went stale.</summary>
    public IReadOnlyList<string> DifferencesFrom(ApprovalManifest earlier)
    {
        var why = new List<string>();
        if (!string.Equals(earlier.Commit, Commit, StringComparison.OrdinalIgnoreCase)) why.Add($"the commit moved from {Short(earlier.Commit)} to {Short(Commit)}");
        if (!string.Equals(earlier.Environment, Environment, StringComparison.Ordinal)) why.Add($"the environment changed from {earlier.Environment} to {Environment}");
        if (earlier.ResourceChangesSha256 != ResourceChangesSha256)
        {
            why.Add(earlier.ResourceChanges == ResourceChanges
                ? $"the plan's resource changes differ ({ResourceChanges} changes, different content)"
                : $"the plan's resource changes differ ({earlier.ResourceChanges} changes then, {ResourceChanges} now)");
        }
        var before = earlier.Migrations.ToDictionary(m => m.Path, m => m.Sha256, StringComparer.Ordinal);
        var now = Migrations.ToDictionary(m => m.Path, m => m.Sha256, StringComparer.Ordinal);
        foreach (var (path, sha) in now)
        {
            if (!before.TryGetValue(path, out var old)) why.Add($"migration {path} was added");
            else if (old != sha) why.Add($"migration {path} changed");
        }
        why.AddRange(before.Keys.Where(p => !now.ContainsKey(p)).Select(p => $"migration {p} is no longer judged"));
        if (!earlier.Policies.SequenceEqual(Policies)) why.Add("the policy files changed");
        return why.Count > 0 ? why : ["the digest differs"];
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
