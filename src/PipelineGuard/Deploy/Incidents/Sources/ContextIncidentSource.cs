using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Incidents.Sources;

/// <summary><c>source: context</c> (the default): the context file's <c>incidents</c>, already in the facts.</summary>
public sealed record ContextIncidentSource : IncidentSource
{
    public static IncidentSourceKind Definition { get; } = new("context", "source: context", [], [], (_, _) => new ContextIncidentSource());

    public override IncidentSourceKind Kind => Definition;

    public override bool IsFetched => false;

    public override Task<IReadOnlyList<Incident>> FetchAsync(IncidentFetchContext context, CancellationToken cancel) =>
        Task.FromResult(context.Deploy.Incidents);
}
