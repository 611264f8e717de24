namespace PipelineGuard.Tests.Support;

/// <summary>
/// A test that runs Groovy (the Jenkins step harness, tests/jenkins). Skipped, with the reason, when no
/// <c>groovy</c> is on the PATH; unless <c>PIPELINE_GUARD_REQUIRE_GROOVY=1</c> (CI sets it), where a missing one fails the test.
/// </summary>
public sealed class GroovyFactAttribute : FactAttribute
{
    public const string RequireVariable = "PIPELINE_GUARD_REQUIRE_GROOVY";

    public GroovyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1") return;
        if (OnPath("groovy") is null)
        {
            Skip = $"no groovy on the PATH (apt-get install groovy); set {RequireVariable}=1 to make this a failure";
        }
    }

    /// <summary>The first executable file called <paramref name="program"/> in a PATH folder, or null.</summary>
    public static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
