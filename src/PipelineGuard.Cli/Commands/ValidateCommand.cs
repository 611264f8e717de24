namespace PipelineGuard.Cli.Commands;

/// <summary><c>validate</c>: load policy files and report every error with file:line:column.</summary>
public static class ValidateCommand
{
    public static int Run(IReadOnlyList<string> paths, CommandIo io)
    {
        var policy = PolicyDiscovery.Load(paths, io);
        var kinds = policy.Rules.GroupBy(r => r.Check.Kind.Name).Select(g => $"{g.Count()} {g.Key}");
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant();
        foreach (var rule in policy.Rules)
        {
            foreach (var exception in rule.Exceptions)
            {
                if (exception.Broadness(today) is { } broad) io.Out.WriteLine($"warning: {exception.Position}: rule '{rule.Id}': broad exception: {broad}");
            }
        }
        io.Out.WriteLine($"ok: {policy.Rules.Count} rule{(policy.Rules.Count == 1 ? "" : "s")} in {policy.Sources.Count} file{(policy.Sources.Count == 1 ? "" : "s")} ({string.Join(", ", kinds)}), mode {Model.ContractWords.Of(policy.Mode)}");
        return ExitCodes.Allowed;
    }
}
