using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PipelineGuard.Inputs;

/// <summary>
/// The canonical form of one JSON value, hashed without building a tree (docs/approvals.md, "The digest"):
/// no white space; object members sorted by their unescaped names compared as UTF-16 code units
/// (as RFC 8785); arrays keep their order; strings unescaped and re-escaped the RFC 8785 way
/// (only <c>"</c>, <c>\</c> and U+0000..U+001F are escaped: \b \t \n \f \r, else \u00xx lower-case);
/// numbers, true, false and null exactly as written (terraform writes numbers one way).
/// A duplicate member name is refused: its meaning depends on the reader.
/// </summary>
public static class CanonicalJson
{
    private const int MaxDepth = 256;

    /// <summary>The SHA-256 of the canonical form of one complete JSON value.</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> json)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var sink = new HashSink(buffer, hash);
            Write(json, sink, 0);
            sink.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The canonical form as text (tests and docs; the reader only ever hashes it).</summary>
    public static string ToCanonicalString(ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var sink = new HashSink(new byte[4096], null, buffer);
        Write(json, sink, 0);
        sink.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A string in its canonical quoted form.</summary>
    public static string Quote(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var sink = new HashSink(new byte[256], null, buffer);
        WriteString(value, sink);
        sink.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(ReadOnlySpan<byte> json, HashSink sink, int depth)
    {
        if (depth > MaxDepth) throw new JsonException("nested too deeply");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        if (!reader.Read()) throw new JsonException("no value");
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(json, ref reader, sink, depth);
                break;
            case JsonTokenType.StartArray:
                sink.Append((byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) sink.Append((byte)',');
                    first = false;
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    Write(json[start..(int)reader.BytesConsumed], sink, depth + 1);
                }
                sink.Append((byte)']');
                break;
            case JsonTokenType.String:
                WriteString(reader.GetString()!, sink);
                break;
            default:
                // Number, true, false, null: the literal as written.
                sink.Append(reader.ValueSpan);
                break;
        }
    }

    private static void WriteObject(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, HashSink sink, int depth)
    {
        var members = new List<(string Name, int Start, int End)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            members.Add((name, start, (int)reader.BytesConsumed));
        }
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        sink.Append((byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i].Name, members[i - 1].Name, StringComparison.Ordinal))
                {
                    throw new JsonException($"the member \"{members[i].Name}\" appears twice in one object");
                }
                sink.Append((byte)',');
            }
            WriteString(members[i].Name, sink);
            sink.Append((byte)':');
            Write(json[members[i].Start..members[i].End], sink, depth + 1);
        }
        sink.Append((byte)'}');
    }

    private static void WriteString(string value, HashSink sink)
    {
        sink.Append((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sink.Append("\\\""u8); break;
                case '\\': sink.Append("\\\\"u8); break;
                case '\b': sink.Append("\\b"u8); break;
                case '\t': sink.Append("\\t"u8); break;
                case '\n': sink.Append("\\n"u8); break;
                case '\f': sink.Append("\\f"u8); break;
                case '\r': sink.Append("\\r"u8); break;
                case < 0x20:
                    sink.Append(Encoding.ASCII.GetBytes($"\\u{rune.Value:x4}"));
                    break;
                default:
                    var n = rune.EncodeToUtf8(utf8);
                    sink.Append(utf8[..n]);
                    break;
            }
        }
        sink.Append((byte)'"');
    }

    /// <summary>Buffers small appends before they reach the hash (or a buffer, for the text form).</summary>
    private sealed class HashSink(byte[] buffer, IncrementalHash? hash, ArrayBufferWriter<byte>? text = null)
    {
        private readonly byte[] _buffer = buffer;
        private int _used;

        public void Append(byte b)
        {
            if (_used == _buffer.Length) Flush();
            _buffer[_used++] = b;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _buffer.Length - _used) Flush();
            if (bytes.Length > _buffer.Length)
            {
                Emit(bytes);
                return;
            }
            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        public void Flush()
        {
            Emit(_buffer.AsSpan(0, _used));
            _used = 0;
        }

        private void Emit(ReadOnlySpan<byte> bytes)
        {
            hash?.AppendData(bytes);
            text?.Write(bytes);
        }
    }
}
