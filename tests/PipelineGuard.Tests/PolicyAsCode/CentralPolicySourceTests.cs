namespace PipelineGuard.Tests.PolicyAsCode;

public class CentralPolicySourceTests
{
    [Theory]
    [InlineData("git+https://github.com/acme/policies.git//packs/prod?ref=v3", "https://github.com/acme/policies.git", "packs/prod", "v3")]
    [InlineData("git+ssh://git@github.com/acme/policies.git//packs/prod/?ref=main", "ssh://git@github.com/acme/policies.git", "packs/prod", "main")]
    [InlineData("git+file:///srv/git/policies.git//prod.yml?ref=release/2026-11", "file:///srv/git/policies.git", "prod.yml", "release/2026-11")]
    [InlineData("git+https://git.example.com/policies?ref=0123456789abcdef0123456789abcdef01234567", "https://git.example.com/policies", "", "0123456789abcdef0123456789abcdef01234567")]
    public void A_central_policy_URL_names_the_repository_the_folder_and_the_ref(string spec, string repository, string path, string gitRef)
    {
        var source = CentralPolicySource.Parse(spec);
        source.RepositoryUrl.ShouldBe(repository);
        source.PathInRepository.ShouldBe(path);
        source.Ref.ShouldBe(gitRef);
        source.IsPinnedToCommit.ShouldBe(gitRef.Length == 40);
    }

    [Theory]
    [InlineData("git+https://github.com/acme/policies.git//packs/prod", "needs a pinned ref")]
    [InlineData("git+ftp://host/policies.git//x?ref=v1", "'ftp' is not a supported scheme")]
    [InlineData("git+https://host/policies.git//../etc?ref=v1", "may not contain '.' or '..'")]
    [InlineData("git+https://host/policies.git//x?ref=--upload-pack=evil", "is not a valid git ref name")]
    [InlineData("git+https://host/policies.git//x?ref=v1&depth=1", "unknown parameter 'depth'")]
    public void A_malformed_central_policy_URL_is_an_input_error_that_says_what_is_wrong(string spec, string problem)
    {
        Should.Throw<InputException>(() => CentralPolicySource.Parse(spec)).Message.ShouldContain(problem);
    }

    [Fact]
    public void Credentials_are_removed_from_the_URL_wherever_it_is_shown()
    {
        var source = CentralPolicySource.Parse("git+https://bot:s3cret@github.com/acme/policies.git//prod?ref=v1");
        source.Display.ShouldBe("git+https://github.com/acme/policies.git//prod?ref=v1");
        source.RepositoryUrl.ShouldContain("s3cret"); // git itself still gets them
    }

    [Fact]
    public void The_cache_is_the_XDG_cache_folder_or_the_home_cache()
    {
        CentralPolicySource.CacheRoot(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "/var/cache/ci", ["HOME"] = "/home/ci" })
            .ShouldBe(Path.Combine("/var/cache/ci", "pipeline-guard"));
        CentralPolicySource.CacheRoot(new Dictionary<string, string?> { ["HOME"] = "/home/ci" })
            .ShouldBe(Path.Combine("/home/ci", ".cache", "pipeline-guard"));
        // A relative XDG_CACHE_HOME is invalid per the XDG spec and ignored.
        CentralPolicySource.CacheRoot(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "cache", ["HOME"] = "/home/ci" })
            .ShouldBe(Path.Combine("/home/ci", ".cache", "pipeline-guard"));
    }
}
