using System.Text.RegularExpressions;
using PipelineGuard.Model;

namespace PipelineGuard.Git;

/// <summary>
/// A commit SHA or ref name that came from a flag, a context file or a CI variable, checked before it
/// reaches git: it can never be read as an option (<c>--output=/path</c>) or carry a range or a path.
/// </summary>
public sealed partial record GitRevision
{
    private GitRevision(string value) => Value = value;

    /// <summary>The revision as git reads it: hex digits or a ref name, never starting with '-'.</summary>
    public string Value { get; }

    /// <summary>True when the value is a full SHA-1 or SHA-256 object name.</summary>
    public bool IsFullSha => FullSha().IsMatch(Value);

    public static GitRevision Head { get; } = new("HEAD");

    // Ref-name characters plus the ~N and ^N suffixes; no spaces, colons (paths), '..' (ranges) or control characters.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/+@{}~^-]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();

    [GeneratedRegex("^(?:[0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex FullSha();

    /// <summary>Checks <paramref name="value"/>; <paramref name="source"/> names where it came from (e.g. <c>--commit</c>) for the error.</summary>
    public static GitRevision Parse(string value, string source) =>
        TryParse(value) ?? throw new InputException(source, null, null,
            $"'{Printable(value)}' is not a commit SHA or ref name (letters, digits and ._/+@{{}}~^-, not starting with '-', no '..'); nothing was passed to git");

    public static GitRevision? TryParse(string value) =>
        Allowed().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) && !value.EndsWith(".lock", StringComparison.Ordinal) && !value.Contains("@{-", StringComparison.Ordinal)
            ? new GitRevision(value)
            : null;

    /// <summary>The value with control characters shown as '?', so an error message cannot carry a forged line.</summary>
    private static string Printable(string value) =>
        new([.. value.Take(120).Select(c => char.IsControl(c) ? '?' : c)]);

    public override string ToString() => Value;
}
