namespace PipelineGuard.Tests.Security;

/// <summary>A command a CI runner would run from a log line.</summary>
public sealed record RunnerCommand(string Name, string Line);

/// <summary>
/// The command parsers of the CI runners, as their sources read (actions/runner ActionCommand.TryParseV2 and
/// TryParse, ActionCommandManager's stop-commands; the Azure agent's ##vso[ anywhere in a line).
/// </summary>
public static class CiLogParsers
{
    private static readonly string[] s_githubCommands =
        ["add-mask", "set-output", "set-env", "add-path", "error", "warning", "notice", "debug", "group", "endgroup", "echo", "save-state", "add-matcher", "remove-matcher", "stop-commands"];

    /// <summary>The commands a GitHub runner runs from this log, stop-commands honoured.</summary>
    public static List<RunnerCommand> GitHub(string log)
    {
        var registered = new HashSet<string>(s_githubCommands, StringComparer.Ordinal);
        string? stopToken = null;
        var run = new List<RunnerCommand>();
        foreach (var raw in log.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var name = ParseV2(line, registered) ?? ParseV1(line, registered);
            if (name is null) continue;
            if (stopToken is not null)
            {
                if (string.Equals(name, stopToken, StringComparison.OrdinalIgnoreCase))
                {
                    registered.Remove(stopToken);
                    stopToken = null;
                }
                continue;
            }
            if (name == "stop-commands")
            {
                var data = line.TrimStart()[(line.TrimStart().IndexOf("::", 2, StringComparison.Ordinal) + 2)..];
                stopToken = data;
                registered.Add(data);
                continue;
            }
            run.Add(new RunnerCommand(name, line));
        }
        return run;
    }

    private static string? ParseV2(string line, HashSet<string> registered)
    {
        var message = line.TrimStart();
        if (!message.StartsWith("::", StringComparison.Ordinal)) return null;
        var end = message.IndexOf("::", 2, StringComparison.Ordinal);
        if (end < 0) return null;
        var info = message[2..end];
        var space = info.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? info : info[..space];
        return registered.Contains(name) ? name : null;
    }

    private static string? ParseV1(string line, HashSet<string> registered)
    {
        var prefix = line.IndexOf("##[", StringComparison.Ordinal);
        if (prefix < 0) return null;
        var rb = line.IndexOf(']', prefix);
        if (rb < 0) return null;
        var info = line[(prefix + 3)..rb];
        var space = info.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? info : info[..space];
        return registered.Contains(name) ? name : null;
    }

    /// <summary>Every place in the log where an Azure agent would see a logging command or a formatting command.</summary>
    public static List<(int Line, int Column, string Text)> Azure(string log)
    {
        var found = new List<(int, int, string)>();
        var lines = log.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var at = line.IndexOf("##vso[", StringComparison.OrdinalIgnoreCase); at >= 0; at = line.IndexOf("##vso[", at + 1, StringComparison.OrdinalIgnoreCase))
            {
                found.Add((i + 1, at, line));
            }
            for (var at = line.IndexOf("##[", StringComparison.Ordinal); at >= 0; at = line.IndexOf("##[", at + 1, StringComparison.Ordinal))
            {
                found.Add((i + 1, at, line));
            }
        }
        return found;
    }
}
