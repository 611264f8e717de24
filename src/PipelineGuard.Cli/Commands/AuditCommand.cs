using PipelineGuard.Audit;

namespace PipelineGuard.Cli.Commands;

/// <summary><c>audit verify</c> and <c>audit report</c> over the hash-chained decision log.</summary>
public static class AuditCommand
{
    public static int Verify(string file, string? head, CommandIo io)
    {
        var path = io.Resolve(file);
        if (!File.Exists(path)) throw new UsageException($"no audit log at '{file}'");
        var result = AuditLog.Verify(path, head);
        if (result.IsIntact)
        {
            io.Out.WriteLine($"ok: {file}: {result.Lines} record{(result.Lines == 1 ? "" : "s")}, hash chain intact");
            io.Out.WriteLine($"head: {result.Head}");
            return ExitCodes.Allowed;
        }
        io.Out.WriteLine($"{file}:{result.FirstBadLine}: {result.Problem}");
        io.Out.WriteLine($"the hash chain is broken at line {result.FirstBadLine} of {result.Lines}; records from there on cannot be trusted");
        return 1;
    }

    public static int Report(IReadOnlyList<string> files, string format, string? output, CommandIo io)
    {
        if (files.Count == 0) throw new UsageException("audit report needs at least one audit log file");
        var paths = new List<(string, string)>();
        foreach (var file in files)
        {
            var path = io.Resolve(file);
            if (!File.Exists(path)) throw new UsageException($"no audit log at '{file}'");
            paths.Add((file, path));
        }
        var report = AuditReport.FromFiles(paths);
        var text = format switch
        {
            "json" => report.ToJson(),
            "markdown" => report.ToMarkdown(),
            _ => throw new UsageException($"--format must be markdown or json, not '{format}'"),
        };
        if (output is null) io.Out.Write(text);
        else File.WriteAllText(io.Resolve(output), text);
        return ExitCodes.Allowed;
    }
}
