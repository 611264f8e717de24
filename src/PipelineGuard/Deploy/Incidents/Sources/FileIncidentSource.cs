using System.Text.Json;
using PipelineGuard.Deploy.Clients;
using PipelineGuard.Inputs;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: file</c>: a JSON file in the context file's incident shape, or a saved Statuspage summary.json.</summary>
/// <param name="Path">The absolute path (a relative one was resolved against the policy file's folder).</param>
public sealed record FileIncidentSource(string Path) : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new(
        "file",
        "source: file\npath: incidents.json",
        [("path", "a JSON file { \"incidents\": [...] } or a Statuspage summary.json; relative to the policy file")],
        [],
        (map, context) => map.String("path", required: true) is { } path
            ? new FileIncidentSource(System.IO.Path.GetFullPath(System.IO.Path.Combine(context.Folder, path)))
            : null);

    public override IncidentSourceKind Kind => Definition;

    protected override IEnumerable<string?> IdentityParts => [Path];

    protected override IEnumerable<string?> KeyParts => [Path];

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel) => ReadAsync(Path, cancel);

    /// <summary>A file holds the context file's incident shape, or a Statuspage summary.json (recognised by its "page").</summary>
    public static async Task<IReadOnlyList<Incident>> ReadAsync(string path, CancellationToken cancel)
    {
        byte[] bytes;
        if (InputLimits.Problem(path, InputKind.IncidentFile, out _) is { } problem) throw new ApiException($"{path}: {problem}");
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApiException($"cannot read {path}: {ex.Message}", null, ex);
        }
        if (LooksLikeStatuspage(bytes))
        {
            try
            {
                var summary = JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.StatuspageSummary)
                    ?? throw new ApiException($"{path}: the file is JSON null");
                return StatuspageClient.ToIncidents(summary);
            }
            catch (JsonException ex)
            {
                throw new ApiException($"{path}: not a Statuspage summary ({ex.Message})", null, ex);
            }
        }
        return Context.ContextFile.ParseIncidentFile(bytes, path);
    }

    private static bool LooksLikeStatuspage(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("page", out _);
        }
        catch (JsonException)
        {
            // The positioned reader reports malformed JSON with its line and column.
            return false;
        }
    }
}
