using System.Globalization;
using System.Text;

namespace PipelineGuard.Reporting;

/// <summary>
/// Makes text from inputs safe on a CI console. The GitHub runner runs a line as a command when it
/// starts with <c>::</c> after leading whitespace, or holds <c>##[</c> anywhere (actions/runner
/// ActionCommand.TryParseV2 / TryParse); the Azure agent runs <c>##vso[</c> anywhere in a line and
/// formats lines holding <c>##[</c>. Control characters (ANSI escapes, CR, LF) would let an input
/// start a line of its own or repaint the terminal.
/// </summary>
public static class LogText
{
    /// <summary>Inserted into a command marker so no runner sees it; invisible when the line is read.</summary>
    public const char Breaker = '\u200B';

    /// <summary>
    /// One piece of input text for a console line: every control character (C0, DEL, C1, U+2028/2029)
    /// shown as an escape (<c>\n</c>, <c>\x1b</c>), and command markers broken.
    /// </summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var escape = Escape(c);
            if (escape is null)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length + 8).Append(text, 0, i);
            sb.Append(escape);
        }
        return NeutraliseLine(sb?.ToString() ?? text);
    }

    private static string? Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => " ",
        '\u2028' or '\u2029' or '\u0085' => $"\\u{(int)c:x4}",
        _ when c < ' ' || c is >= '\u007f' and <= '\u009f' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// A whole console line with its command markers broken: <c>##vso[</c> and <c>##[</c> anywhere
    /// (any case), and <c>::</c> where the line starts after whitespace. Control characters are left to <see cref="Inline"/>.
    /// </summary>
    public static string NeutraliseLine(string line)
    {
        if (line.Length == 0) return line;
        var result = line;
        if (result.Contains("##", StringComparison.Ordinal))
        {
            var sb = new StringBuilder(result.Length + 4);
            for (var i = 0; i < result.Length; i++)
            {
                sb.Append(result[i]);
                if (result[i] == '#' && i + 1 < result.Length && result[i + 1] == '#' && IsMarkerAfterHashes(result, i + 2)) sb.Append(Breaker);
            }
            result = sb.ToString();
        }
        var start = 0;
        while (start < result.Length && char.IsWhiteSpace(result[start])) start++;
        if (string.CompareOrdinal(result, start, "::", 0, 2) == 0) result = result.Insert(start + 1, Breaker.ToString());
        return result;
    }

    /// <summary>True when the line may hold a command for a GitHub runner or an Azure agent.</summary>
    public static bool HasCommandMarker(string line) =>
        line.TrimStart().StartsWith("::", StringComparison.Ordinal) ||
        line.Contains("##[", StringComparison.Ordinal) ||
        line.Contains("##vso[", StringComparison.OrdinalIgnoreCase);

    private static bool IsMarkerAfterHashes(string s, int at) =>
        (at < s.Length && s[at] == '[') ||
        (at + 3 < s.Length && string.Compare(s, at, "vso[", 0, 4, StringComparison.OrdinalIgnoreCase) == 0);
}

/// <summary>
/// The process's stdout and stderr on a CI runner: every line is passed through
/// <see cref="LogText.NeutraliseLine"/> except the command lines the guard itself writes with
/// <see cref="WriteCommandLine"/>, so no text from an input can become a workflow or logging command.
/// </summary>
public sealed class CommandSafeWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <summary>A command the guard built (its data escaped): written as it is.</summary>
    public void WriteCommandLine(string command)
    {
        if (_line.Length > 0) FlushLine(true);
        inner.Write(command);
        inner.Write('\n');
    }

    /// <summary>Writes a command line: raw on a <see cref="CommandSafeWriter"/>, else as a plain line (tests, files).</summary>
    public static void Command(TextWriter output, string command)
    {
        if (output is CommandSafeWriter safe) safe.WriteCommandLine(command);
        else output.WriteLine(command);
    }

    public override void Write(char value)
    {
        if (value == '\n')
        {
            FlushLine(true);
            return;
        }
        _line.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void WriteLine() => Write('\n');

    /// <summary>Flushes the inner writer; a line not yet ended stays here, so a marker split across writes is still seen whole.</summary>
    public override void Flush() => inner.Flush();

    /// <summary>Writes out a last line that was never ended, then flushes.</summary>
    public void Complete()
    {
        if (_line.Length > 0) FlushLine(false);
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Complete();
        base.Dispose(disposing);
    }

    private void FlushLine(bool newline)
    {
        if (_line.Length > 0)
        {
            var text = _line.ToString();
            var cr = text.EndsWith('\r');
            if (cr) text = text[..^1];
            // A bare CR inside a line would let the rest overwrite it on a terminal and start a new line in some log viewers.
            inner.Write(LogText.NeutraliseLine(text.Replace('\r', ' ')));
            _line.Clear();
        }
        if (newline) inner.Write('\n');
    }
}
