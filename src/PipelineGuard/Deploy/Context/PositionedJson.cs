using System.Text;
using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Deploy.Context;

/// <summary>A JSON value with the line and column it starts at, so a wrong type can be reported at file:line:column.</summary>
public sealed class JsonValue
{
    public required JsonValueKind Kind { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }
    public string? String { get; init; }
    public bool? Bool { get; init; }
    public string? Number { get; init; }
    public IReadOnlyList<(string Name, JsonValue Key, JsonValue Value)> Properties { get; init; } = [];
    public IReadOnlyList<JsonValue> Items { get; init; } = [];

    public string KindWord => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>Parses JSON into <see cref="JsonValue"/>s with positions; malformed JSON is an <see cref="InputException"/> at its position.</summary>
public static class PositionedJson
{
    public static JsonValue Parse(byte[] bytes, string file)
    {
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var data = bytes.AsSpan(offset);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n') lineStarts.Add(i + 1);
        }
        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            System.Text.Unicode.Utf8.ToUtf16(data, new char[data.Length], out var valid, out _, replaceInvalidSequences: false);
            var (badLine, badColumn) = Position(data, lineStarts, valid);
            throw new InputException(file, badLine, badColumn, $"not valid UTF-8 (invalid byte 0x{data[valid]:X2}); JSON is UTF-8 text");
        }
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            if (!reader.Read()) throw new InputException(file, 1, 1, "the file is empty; expected a JSON object");
            var value = ReadValue(ref reader, data, lineStarts);
            if (reader.Read())
            {
                var (l, c) = Position(data, lineStarts, (int)reader.TokenStartIndex);
                throw new InputException(file, l, c, "unexpected content after the JSON value");
            }
            return value;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var col = (int)(ex.BytePositionInLine ?? 0) + 1;
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut].TrimEnd();
            throw new InputException(file, line, col, "malformed JSON: " + message, ex);
        }
    }

    private static JsonValue ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<int> lineStarts)
    {
        var (line, col) = Position(data, lineStarts, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var props = new List<(string, JsonValue, JsonValue)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (kl, kc) = Position(data, lineStarts, (int)reader.TokenStartIndex);
                    var name = StringOf(ref reader, kl, kc);
                    var key = new JsonValue { Kind = JsonValueKind.String, Line = kl, Column = kc, String = name };
                    reader.Read();
                    props.Add((name, key, ReadValue(ref reader, data, lineStarts)));
                }
                return new JsonValue { Kind = JsonValueKind.Object, Line = line, Column = col, Properties = props };
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<JsonValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, data, lineStarts));
                }
                return new JsonValue { Kind = JsonValueKind.Array, Line = line, Column = col, Items = items };
            }
            case JsonTokenType.String:
                return new JsonValue { Kind = JsonValueKind.String, Line = line, Column = col, String = StringOf(ref reader, line, col) };
            case JsonTokenType.Number:
                return new JsonValue { Kind = JsonValueKind.Number, Line = line, Column = col, Number = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new JsonValue { Kind = JsonValueKind.True, Line = line, Column = col, Bool = true };
            case JsonTokenType.False:
                return new JsonValue { Kind = JsonValueKind.False, Line = line, Column = col, Bool = false };
            default:
                return new JsonValue { Kind = JsonValueKind.Null, Line = line, Column = col };
        }
    }

    /// <summary>The string value; an escape that is no text (a lone surrogate such as "\ud800") is malformed JSON at its position.</summary>
    private static string StringOf(ref Utf8JsonReader reader, int line, int column)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException(ex.Message, null, line - 1, column - 1, ex);
        }
    }

    /// <summary>1-based line and column (in characters, not bytes) of a byte offset.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> data, List<int> lineStarts, int index)
    {
        var lineIndex = lineStarts.BinarySearch(index);
        if (lineIndex < 0) lineIndex = ~lineIndex - 1;
        var start = lineStarts[lineIndex];
        return (lineIndex + 1, Encoding.UTF8.GetCharCount(data[start..index]) + 1);
    }
}
