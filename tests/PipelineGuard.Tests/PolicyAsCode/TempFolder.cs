namespace PipelineGuard.Tests.PolicyAsCode;

/// <summary>A scratch folder deleted at the end of a test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "pg-pac-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A git pack file still open on a slow file system; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // git marks its objects read-only on some platforms.
        }
    }
}
