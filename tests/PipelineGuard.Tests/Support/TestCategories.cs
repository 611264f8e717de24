namespace PipelineGuard.Tests.Support;

/// <summary>
/// Test categories, for running the suite in two parts: <c>--filter "Category!=Slow"</c> is the fast suite
/// (pure code, seconds); <c>--filter "Category=Slow"</c> is everything that starts a process (git, the CLI,
/// PostgreSQL, node), a server on 127.0.0.1 or a long property run. Together they are the whole suite.
/// </summary>
public static class TestCategories
{
    public const string Key = "Category";
    public const string Slow = "Slow";
}
