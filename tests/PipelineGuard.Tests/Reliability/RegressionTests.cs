using PipelineGuard.Tests.PolicyAsCode;

namespace PipelineGuard.Tests.Reliability;

/// <summary>Every input that once crashed the CLI (kept in Regressions/ by the fuzz run or found by hand) is replayed.</summary>
public sealed class RegressionTests : IDisposable
{
    private readonly TempFolder _workspace = new("pg-regression-");

    public static TheoryData<string> Inputs =>
        [.. Directory.EnumerateFiles(FuzzTests.RegressionFolder).Select(Path.GetFileName).OfType<string>().Where(n => n != "README.md").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void An_input_that_once_crashed_is_refused_or_judged_but_never_an_internal_error(string file)
    {
        var kind = file[..file.IndexOf('-', StringComparison.Ordinal)];
        var (code, error) = FuzzTests.Run(kind, File.ReadAllBytes(Path.Combine(FuzzTests.RegressionFolder, file)), _workspace.Path);
        error.ShouldNotContain("internal error");
        code.ShouldBeOneOf(0, 1, 2);
    }

    public void Dispose() => _workspace.Dispose();
}
