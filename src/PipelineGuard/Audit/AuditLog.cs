using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Audit;

/// <summary>
/// The hash-chained, append-only decision log of docs/CONTRACT.md section 5. Each line is one JSON
/// object that ends with three chain fields:
/// <c>"seq"</c> (1 for the first line, then one more per line), <c>"prev"</c> (the SHA-256 of the
/// previous line's bytes, or <see cref="Genesis"/> on the first line) and <c>"hash"</c> (the
/// SHA-256 of the line's text up to, not including, <c>,"hash":</c>). An edited line fails its
/// own hash; a removed, inserted or moved line breaks <c>seq</c> and <c>prev</c>. With a key
/// (<see cref="KeyVariable"/>) each line ends with <c>"hmac"</c> besides: HMAC-SHA256 under the key
/// of the line up to <c>,"hmac":</c>, so only a holder of the key can write a chain that verifies.
/// </summary>
public static class AuditLog
{
    /// <summary>The <c>prev</c> of the first line: 64 zeros (there is no line before it).</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string HashField = ",\"hash\":\"";

    private const string HmacField = ",\"hmac\":\"";

    /// <summary>The environment variable holding the audit key.</summary>
    public const string KeyVariable = "PIPELINE_GUARD_AUDIT_KEY";

    /// <summary>A shorter key is refused: a guessable key would let anyone rewrite a chain that verifies.</summary>
    public const int MinKeyBytes = 16;

    /// <summary>The key from its variable: null when unset; an error when too short to be a secret.</summary>
    public static byte[]? KeyFrom(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var key = Encoding.UTF8.GetBytes(value);
        if (key.Length < MinKeyBytes)
        {
            throw new InputException(KeyVariable, null, null, $"the audit key is {key.Length} bytes; use at least {MinKeyBytes} random bytes (for example: openssl rand -hex 32)");
        }
        return key;
    }

    /// <summary>How long an append waits for another writer to release the file.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Appends the records under an exclusive lock on the file, so two processes appending at once
    /// each chain onto the other's last line instead of forking the chain.
    /// </summary>
    /// <returns>The chain head after the append: the SHA-256 of the last line.</returns>
    public static string Append(string path, IReadOnlyList<AuditRecord> records, byte[]? key = null)
    {
        using var stream = OpenExclusive(path);
        var (seq, prev) = ReadTail(stream, path);
        if (records.Count == 0) return prev;
        stream.Seek(0, SeekOrigin.End);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            seq++;
            var line = Line(record, seq, prev, key);
            prev = Sha256Hex(line);
            buffer.Write(line);
            buffer.Write("\n"u8);
        }
        stream.Write(buffer.WrittenSpan);
        stream.Flush(flushToDisk: true);
        return prev;
    }

    /// <summary>One line's bytes, without the newline.</summary>
    public static byte[] Line(AuditRecord record, long seq, string prev, byte[]? key = null)
    {
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body, s_options))
        {
            w.WriteStartObject();
            record.WriteFields(w);
            w.WriteNumber("seq", seq);
            w.WriteString("prev", prev);
            // The object is closed by hand below, after the hash of everything before it.
            w.Flush();
        }
        var head = body.ToArray();
        var hash = Sha256Hex(head);
        byte[] hashed = [.. head, .. Encoding.UTF8.GetBytes(HashField + hash + "\"")];
        if (key is null) return [.. hashed, .. "}"u8];
        return [.. hashed, .. Encoding.UTF8.GetBytes(HmacField + Hmac(key, hashed) + "\"}")];
    }

    private static string Hmac(byte[] key, ReadOnlySpan<byte> text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, text));

    private static FileStream OpenExclusive(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var delay = 5;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock (flock on Unix) that other processes honour.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
            }
            catch (IOException) when (clock.Elapsed < LockTimeout && !Directory.Exists(path))
            {
                Thread.Sleep(Random.Shared.Next(delay, delay * 2));
                delay = Math.Min(delay * 2, 200);
            }
            catch (IOException ex)
            {
                throw new InputException(path, null, null, $"cannot open the audit log for appending: {ex.Message}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new InputException(path, null, null, $"cannot open the audit log for appending: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The last line's seq and its hash; (0, genesis) for an empty file.</summary>
    private static (long Seq, string Prev) ReadTail(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length == 0) return (0, Genesis);
        stream.Seek(length - 1, SeekOrigin.Begin);
        if (stream.ReadByte() != '\n')
        {
            throw new InputException(path, null, null,
                "the audit log's last line is incomplete (no newline at the end); run 'pipeline-guard audit verify' and repair or rotate the log before appending");
        }
        // Walk back from the end to the newline before the last line.
        var chunk = new byte[8192];
        var end = length - 1;
        var start = end;
        var found = false;
        while (start > 0 && !found)
        {
            var size = (int)Math.Min(chunk.Length, start);
            stream.Seek(start - size, SeekOrigin.Begin);
            stream.ReadExactly(chunk, 0, size);
            var at = chunk.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                start = start - size + at + 1;
                found = true;
            }
            else
            {
                start -= size;
            }
        }
        var last = new byte[end - start];
        stream.Seek(start, SeekOrigin.Begin);
        stream.ReadExactly(last);
        long seq;
        try
        {
            using var doc = JsonDocument.Parse(last);
            seq = doc.RootElement.GetProperty("seq").GetInt64();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InputException(path, null, null,
                "the audit log's last line is not an audit record; run 'pipeline-guard audit verify' before appending", ex);
        }
        return (seq, Sha256Hex(last));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Checks the whole chain in one streaming pass (linear in the log's size, constant memory) and names
    /// the first line that is not what the chain says it should be.
    /// </summary>
    /// <param name="head">
    /// The hash of a line known to be in the log (as <c>audit verify</c> printed it earlier): a log cut
    /// short after it, or rewritten, no longer holds it. The chain alone cannot see its last lines removed.
    /// </param>
    /// <param name="key">With the audit key every line must carry a valid HMAC; without it HMACs are not checked.</param>
    public static AuditVerification Verify(string path, string? head = null, byte[]? key = null)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, $"cannot read the audit log: {ex.Message}", ex);
        }
        using (stream)
        {
            try
            {
                return Verify(new LineReader(stream), head, key);
            }
            catch (IOException ex)
            {
                throw new InputException(path, null, null, $"cannot read the audit log: {ex.Message}", ex);
            }
        }
    }

    private static AuditVerification Verify(LineReader lines, string? head, byte[]? key)
    {
        var prev = new byte[32];
        var own = new byte[32];
        var whole = new byte[32];
        var headHash = head is null ? null : DecodeHex(Encoding.ASCII.GetBytes(head.ToLowerInvariant()));
        var headFound = head is null;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = 0;
        var withHmac = 0;
        var endsWithNewline = true;
        while (lines.Next(out var line, out var newline))
        {
            // Only the last line read decides: the call that finds no more lines says nothing about it.
            endsWithNewline = newline;
            number++;
            var problem = CheckLine(line, number, prev, own, whole, sha, key, lines);
            if (problem is not null) return AuditVerification.Broken(number, number + lines.CountRest(), problem);
            if (line.LastIndexOf(HmacFieldBytes) >= 0) withHmac++;
            whole.CopyTo(prev, 0);
            if (!headFound && headHash is not null && whole.AsSpan().SequenceEqual(headHash)) headFound = true;
        }
        if (number > 0 && !endsWithNewline)
        {
            return AuditVerification.Broken(number, number, "the last line has no newline at its end (an interrupted or hand-made append)");
        }
        if (!headFound)
        {
            return AuditVerification.Broken(number + 1, number,
                $"the line with hash {head} is missing: the log was cut short or rewritten after it");
        }
        return AuditVerification.Intact(number) with
        {
            Head = number == 0 ? Genesis : Convert.ToHexStringLower(prev),
            HmacChecked = key is not null,
            LinesWithHmac = withHmac,
            HeadChecked = head is not null,
        };
    }

    private static readonly byte[] HashFieldBytes = Encoding.UTF8.GetBytes(HashField);
    private static readonly byte[] HmacFieldBytes = Encoding.UTF8.GetBytes(HmacField);

    /// <summary>
    /// The problem with line <paramref name="number"/>, or null when it holds; <paramref name="whole"/> is then its SHA-256.
    /// Every line before it held, so each earlier line <c>k</c> is record <c>k</c>.
    /// </summary>
    private static string? CheckLine(ReadOnlySpan<byte> line, int number, byte[] prev, byte[] own, byte[] whole, IncrementalHash sha, byte[]? key, LineReader rest)
    {
        if (line.IsEmpty) return "the line is empty (a record was blanked out)";
        var hmacAt = line.LastIndexOf(HmacFieldBytes);
        var at = (hmacAt >= 0 ? line[..hmacAt] : line).LastIndexOf(HashFieldBytes);
        var hashEnd = hmacAt >= 0 ? hmacAt : line.Length - 1;
        if (at < 0 || !line.EndsWith("\"}"u8) || hashEnd - 1 < at + HashFieldBytes.Length || line[hashEnd - 1] != (byte)'"')
        {
            return "the line is not an audit record (no \"hash\" field at its end)";
        }
        if (!ReadChainFields(line, out var seq, out var linePrev, out var jsonError)) return jsonError;

        // One pass over the bytes gives both the line's own hash (up to ,"hash":) and the hash of the whole line.
        sha.AppendData(line[..at]);
        sha.GetCurrentHash(own);
        sha.AppendData(line[at..]);
        sha.GetHashAndReset(whole);

        // The content is checked first: an edited line is named as edited, not as out of order.
        var claimed = DecodeHex(line[(at + HashFieldBytes.Length)..(hashEnd - 1)]);
        if (claimed is null || !claimed.AsSpan().SequenceEqual(own))
        {
            return "the line was edited: its content no longer matches its own hash";
        }
        if (key is not null)
        {
            if (hmacAt < 0)
            {
                return $"the line has no HMAC: it was written without {KeyVariable}, or rewritten by someone who does not hold the key";
            }
            var claimedMac = DecodeHex(line[(hmacAt + HmacFieldBytes.Length)..^2]);
            var mac = HMACSHA256.HashData(key, line[..hmacAt]);
            if (claimedMac is null || !CryptographicOperations.FixedTimeEquals(mac, claimedMac))
            {
                return $"the line's HMAC does not match under {KeyVariable}: it was rewritten by someone who does not hold the key (or the key is not the one it was written with)";
            }
        }
        long expectedSeq = number;
        if (seq != expectedSeq)
        {
            if (seq >= 1 && seq < expectedSeq)
            {
                return $"the line is repeated: record {seq} already appeared at line {seq}";
            }
            if (rest.RestHoldsSeq(expectedSeq))
            {
                return $"the lines were reordered: this is record {seq}, the chain expects record {expectedSeq} here, which comes later in the file";
            }
            return seq > expectedSeq
                ? $"{seq - expectedSeq} line(s) are missing before it: this is record {seq}, the chain expects record {expectedSeq}"
                : $"the line is out of order or repeated: this is record {seq}, the chain expects record {expectedSeq}";
        }
        if (linePrev is null || !linePrev.AsSpan().SequenceEqual(prev))
        {
            return "its prev does not match the line before it (a line before it was replaced, inserted or moved)";
        }
        return null;
    }

    /// <summary>The top-level seq and prev of a line in one reader pass, which also checks that the line is one JSON object.</summary>
    private static bool ReadChainFields(ReadOnlySpan<byte> line, out long seq, out byte[]? prev, out string? error)
    {
        seq = -1;
        prev = null;
        error = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the line is not valid JSON (not an object)";
                return false;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) break;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) seq = n;
                }
                else if (reader.ValueTextEquals("prev"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String) prev = reader.ValueIsEscaped ? DecodeHex(Encoding.UTF8.GetBytes(reader.GetString()!)) : DecodeHex(reader.ValueSpan);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.BytesConsumed != line.Length)
            {
                error = "the line is not valid JSON (text after the object)";
                return false;
            }
            return true;
        }
        catch (JsonException ex)
        {
            error = $"the line is not valid JSON ({ex.Message})";
            return false;
        }
    }

    /// <summary>Lower-case hex to bytes; null for anything else (upper case included, as the writer never writes it).</summary>
    private static byte[]? DecodeHex(ReadOnlySpan<byte> hex)
    {
        if (hex.Length % 2 != 0) return null;
        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = Nibble(hex[2 * i]);
            var lo = Nibble(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return null;
            bytes[i] = (byte)(hi << 4 | lo);
        }
        return bytes;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    /// <summary>Reads a stream line by line (LF, an optional CR before it dropped) into one reused buffer.</summary>
    private sealed class LineReader(Stream stream)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;
        private bool _eof;

        public bool Next(out ReadOnlySpan<byte> line, out bool newline)
        {
            while (true)
            {
                var at = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (at >= 0)
                {
                    var length = at > 0 && _buffer[_start + at - 1] == '\r' ? at - 1 : at;
                    line = _buffer.AsSpan(_start, length);
                    _start += at + 1;
                    newline = true;
                    return true;
                }
                if (_eof)
                {
                    newline = false;
                    if (_start == _end)
                    {
                        line = default;
                        return false;
                    }
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    return true;
                }
                Fill();
            }
        }

        private void Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }

        private bool _restScanned;
        private int _restCount;
        private readonly HashSet<long> _restSeqs = [];

        /// <summary>How many lines follow the current one (read once, on the failure path only).</summary>
        public int CountRest()
        {
            ScanRest();
            return _restCount;
        }

        public bool RestHoldsSeq(long seq)
        {
            ScanRest();
            return _restSeqs.Contains(seq);
        }

        private void ScanRest()
        {
            if (_restScanned) return;
            _restScanned = true;
            while (Next(out var line, out _))
            {
                _restCount++;
                if (ReadChainFields(line, out var seq, out _, out _) && seq >= 0) _restSeqs.Add(seq);
            }
        }
    }
}

/// <summary>What <c>audit verify</c> found: the chain is intact, or the first bad line and why.</summary>
public sealed record AuditVerification(bool IsIntact, int Lines, int? FirstBadLine, string? Problem)
{
    /// <summary>The SHA-256 of the last line of an intact log: keep it to detect a later truncation (<c>--head</c>).</summary>
    public string? Head { get; init; }

    /// <summary>True when every line's HMAC was checked under the audit key.</summary>
    public bool HmacChecked { get; init; }

    /// <summary>How many lines carry an HMAC (checked or not).</summary>
    public int LinesWithHmac { get; init; }

    /// <summary>True when a head from an earlier verify was given and found.</summary>
    public bool HeadChecked { get; init; }

    public static AuditVerification Intact(int lines) => new(true, lines, null, null);

    public static AuditVerification Broken(int line, int lines, string problem) => new(false, lines, line, problem);
}
