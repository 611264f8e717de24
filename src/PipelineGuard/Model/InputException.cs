namespace PipelineGuard.Model;

/// <summary>
/// An input (plan, SQL file, context file, policy source) could not be read or is malformed.
/// The CLI turns it into exit code 2 with <c>file:line:column: message</c>. A guard never
/// passes what it could not read, so collectors throw this rather than skip.
/// </summary>
public sealed class InputException(string file, int? line, int? column, string problem, Exception? inner = null)
    : Exception(Format(file, line, column, problem), inner)
{
    public string File { get; } = file;
    public int? Line { get; } = line;
    public int? Column { get; } = column;
    public string Problem { get; } = problem;

    private static string Format(string file, int? line, int? column, string problem) =>
        line is { } l
            ? column is { } c ? $"{file}:{l}:{c}: {problem}" : $"{file}:{l}: {problem}"
            : $"{file}: {problem}";
}
