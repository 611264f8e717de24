using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PipelineGuard.Reporting;

/// <summary>What the JSON-shaped reports (JSON, SARIF, GitLab Code Quality) share: the writer settings and writing to a file or a string.</summary>
internal static class JsonReportWriting
{
    /// <summary>Indented, and readable in a browser or a diff (no \u escapes for quotes and non-ASCII); the writers escape what JSON needs.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void ToFile(string path, Action<Stream> write)
    {
        using var stream = File.Create(path);
        write(stream);
    }

    public static string ToText(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
