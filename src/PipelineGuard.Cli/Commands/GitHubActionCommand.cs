using PipelineGuard.Reporting;

namespace PipelineGuard.Cli.Commands;

/// <summary>
/// The GitHub Action's entrypoint (<c>pipeline-guard github-action</c>): turns the INPUT_* variables the
/// runner sets from action.yml's inputs (hyphens kept: <c>INPUT_PLAN-FILE</c>) into <c>check</c> options
/// and runs <c>check</c>, which reads the commit, actor and pull request from the workflow's own
/// variables and event payload.
/// </summary>
public static class GitHubActionCommand
{
    /// <summary>action.yml input name to check option, for inputs that take one value; the reporters' inputs come from their table.</summary>
    private static readonly (string Input, string Option)[] s_single =
    [
        ("changed-since", "--changed-since"),
        ("postgres", "--postgres"),
        ("context", "--context"),
        ("environment", "--environment"),
        ("service", "--service"),
        ("actor", "--actor"),
        ("commit", "--commit"),
        ("now", "--now"),
        ("mode", "--mode"),
        .. Reporters.All.Select(r => (r.GitHubInput, r.Option)),
        ("source-root", "--source-root"),
        ("audit-log", "--audit-log"),
        ("policy-ref", "--policy-ref"),
    ];

    /// <summary>Inputs that take a list: one path per line.</summary>
    private static readonly (string Input, string Option)[] s_lists =
    [
        ("policy", "--policy"),
        ("plan", "--plan"),
        ("migrations", "--migrations"),
    ];

    /// <summary>The inputs read besides the reporters' (whose names come from <see cref="Reporters.All"/>), for the test that keeps action.yml and the table in step.</summary>
    public static IReadOnlyList<(string Input, string? Option)> OtherInputs { get; } =
    [
        .. s_lists,
        .. s_single.Where(s => !Reporters.All.Any(r => r.GitHubInput == s.Input)),
        ("quiet", "--quiet"),
        ("policy-from-base", null),
        ("github-token", null),
    ];

    public static int Run(CommandIo io)
    {
        var args = Arguments(io);
        // The token reaches check (and the approval lookups there) as GITHUB_TOKEN, and is masked first.
        var environment = new Dictionary<string, string?>(io.Environment, StringComparer.Ordinal);
        if (Input(io, "github-token") is { } token) environment["GITHUB_TOKEN"] = token;
        return Cli.Run([.. args], io with { Environment = environment });
    }

    /// <summary>The check command line the inputs stand for.</summary>
    public static IReadOnlyList<string> Arguments(CommandIo io)
    {
        var args = new List<string> { "check" };
        foreach (var (input, option) in s_lists)
        {
            foreach (var value in ListInput(io, input))
            {
                args.Add(option);
                args.Add(value);
            }
        }
        foreach (var (input, option) in s_single)
        {
            var value = Input(io, input);
            if (value is null) continue;
            args.Add(option);
            args.Add(value);
        }
        if (IsTrue(Input(io, "quiet"))) args.Add("--quiet");
        if (Input(io, "policy-ref") is null && !IsFalse(Input(io, "policy-from-base")) && BaseCommit(io) is { } baseSha)
        {
            // A pull request is judged by the policy of the branch it merges into, so it cannot weaken the policy that judges it.
            args.Add("--policy-ref");
            args.Add(baseSha);
        }
        return args;
    }

    /// <summary>The pull request's base commit from the event payload, or null outside a pull request event.</summary>
    private static string? BaseCommit(CommandIo io) =>
        PipelineGuard.Deploy.Context.CiPlatform.ReadGitHub(CheckReports.Defined(io.Environment)).PullRequest?.BaseSha;

    private static bool IsFalse(string? value) => value is not null && (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0");

    /// <summary>The runner's name for an input: INPUT_ + the name upper-cased, spaces to underscores, hyphens kept.</summary>
    public static string VariableOf(string input) => "INPUT_" + input.Replace(' ', '_').ToUpperInvariant();

    private static string? Input(CommandIo io, string name) =>
        io.Env(VariableOf(name)) is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    private static IEnumerable<string> ListInput(CommandIo io, string name) =>
        (Input(io, name) ?? "").Split('\n').Select(v => v.Trim()).Where(v => v.Length > 0);

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
