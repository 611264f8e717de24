using PipelineGuard.Audit;

namespace PipelineGuard.Cli.Commands;

/// <summary><c>audit verify</c> and <c>audit report</c> over the hash-chained decision log.</summary>
public static class AuditCommand
{
    public static int Verify(string file, string? head, CommandIo io)
    {
        var path = io.Resolve(file);
        if (!File.Exists(path)) throw new UsageException($"no audit log at '{file}'");
        var key = AuditLog.KeyFrom(io.Env(AuditLog.KeyVariable));
        var result = AuditLog.Verify(path, head, key);
        if (result.IsIntact)
        {
            foreach (var line in Proven(file, result)) io.Out.WriteLine(line);
            io.Out.WriteLine($"head: {result.Head}");
            return ExitCodes.Allowed;
        }
        io.Out.WriteLine($"{file}:{result.FirstBadLine}: {result.Problem}");
        io.Out.WriteLine($"the hash chain is broken at line {result.FirstBadLine} of {result.Lines}; records from there on cannot be trusted");
        return 1;
    }

    /// <summary>What an intact verify proves, and what it does not, in so many words.</summary>
    public static IEnumerable<string> Proven(string file, Audit.AuditVerification result)
    {
        var records = $"{result.Lines} record{(result.Lines == 1 ? "" : "s")}";
        yield return $"ok: {file}: {records}, hash chain intact";
        yield return "proves: every line matches its own SHA-256, and each line names the line before it (seq and prev), so no record up to the head was edited, removed, inserted or reordered without rewriting every line after it";
        if (result.HmacChecked)
        {
            yield return $"proves: every line carries a valid HMAC under {AuditLog.KeyVariable}, so the chain was written by a holder of the key; a rewritten chain would not verify";
        }
        else
        {
            var carried = result.LinesWithHmac > 0 ? $" ({result.LinesWithHmac} line(s) carry an HMAC that was not checked)" : "";
            yield return $"does not prove: who wrote the chain{carried}; {AuditLog.KeyVariable} is not set, so someone who can write the file could rewrite the whole chain consistently";
        }
        yield return result.HeadChecked
            ? "proves: the line with the --head hash is still in the log (it was not cut short before it)"
            : "does not prove: that no lines were cut off the end; keep the head below and pass it as --head next time";
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
