using PipelineGuard.Reporting;

namespace PipelineGuard.Cli.Commands;

/// <summary><c>explain</c>: what a rule, check kind or statement class checks, why, and how to fix or override it.</summary>
public static class ExplainCommand
{
    public static int Run(string topic, IReadOnlyList<string> policies, CommandIo io)
    {
        var policy = PolicyDiscovery.Load(policies, io);
        var text = Explain.Render(topic, policy, PolicyDiscovery.ReadText);
        if (text is null)
        {
            var known = Explain.KnownTopics(policy).Order(StringComparer.Ordinal).ToList();
            throw new UsageException($"'{topic}' is not a rule of the policy, a check kind or a documented topic. Known: {string.Join(", ", known)}");
        }
        io.Out.Write(text);
        return ExitCodes.Allowed;
    }

    /// <summary>The policy reference of docs/policy-reference.md.</summary>
    public static int Reference(CommandIo io)
    {
        io.Out.Write(PolicyReference.Markdown(PolicyLoading.PolicyLoader.LoadBuiltIn()));
        return ExitCodes.Allowed;
    }
}
