using PipelineGuard.Deploy.Context;

namespace PipelineGuard.Deploy.Clients;

/// <summary>The Azure Repos repository an Azure Pipelines run builds, from the variables the agent sets.</summary>
public sealed record AzureRepositoryOfRun(Uri Collection, string Project, string RepositoryId)
{
    /// <summary>Throws an <see cref="ApiException"/> naming the variable that is missing or not a URL: the caller reports it, it never passes.</summary>
    public static AzureRepositoryOfRun FromEnvironment(IReadOnlyDictionary<string, string> env)
    {
        var collection = CiPlatform.Get(env, "SYSTEM_COLLECTIONURI") ?? throw new ApiException("SYSTEM_COLLECTIONURI is not set");
        if (!Uri.TryCreate(collection, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ApiException("SYSTEM_COLLECTIONURI is not an http(s) URL");
        }
        var project = CiPlatform.Get(env, "SYSTEM_TEAMPROJECT") ?? throw new ApiException("SYSTEM_TEAMPROJECT is not set");
        var repositoryId = CiPlatform.Get(env, "BUILD_REPOSITORY_ID") ?? throw new ApiException("BUILD_REPOSITORY_ID is not set");
        return new AzureRepositoryOfRun(uri, project, repositoryId);
    }
}
