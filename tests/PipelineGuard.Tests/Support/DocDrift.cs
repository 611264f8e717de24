namespace PipelineGuard.Tests.Support;

/// <summary>
/// Generated docs are compared, never written by a test run: a drifted doc fails with the command that regenerates it
/// (the same test with PIPELINE_GUARD_REGENERATE_DOCS=1, the one explicit way to write it).
/// </summary>
public static class DocDrift
{
    public const string Variable = "PIPELINE_GUARD_REGENERATE_DOCS";

    public static void Check(string relativePath, string generated, string testFilter)
    {
        var path = RepoPaths.InRepo(relativePath.Split('/'));
        generated = generated.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(Variable) == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }
        var command = $"{Variable}=1 dotnet test tests/PipelineGuard.Tests --filter \"FullyQualifiedName~{testFilter}\"";
        File.Exists(path).ShouldBeTrue($"{relativePath} is missing: run {command}");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(generated, $"{relativePath} is out of date: run {command}");
    }
}
