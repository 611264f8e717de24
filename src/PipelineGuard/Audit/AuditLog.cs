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

    /// <summary>Checks the whole chain in one pass and names the first line that is not what the chain says it should be.</summary>
    /// <param name="head">
    /// The hash of a line known to be in the log (as <c>audit verify</c> printed it earlier): a log cut
    /// short after it, or rewritten, no longer holds it. The chain alone cannot see its last lines removed.
    /// </param>
    /// <param name="key">With the audit key every line must carry a valid HMAC; without it HMACs are not checked.</param>
    public static AuditVerification Verify(string path, string? head = null, byte[]? key = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, $"cannot read the audit log: {ex.Message}", ex);
        }
        var lines = SplitLines(bytes, out var endsWithNewline);
        // One parse per line; where each seq first and last appears names a repeat or a reordering in O(1).
        var parsed = new ParsedLine[lines.Count];
        var first = new Dictionary<long, int>();
        var last = new Dictionary<long, int>();
        for (var i = 0; i < lines.Count; i++)
        {
            parsed[i] = Parse(lines[i].Span);
            if (parsed[i].Seq is { } q)
            {
                first.TryAdd(q, i);
                last[q] = i;
            }
        }
        var prev = Genesis;
        var withHmac = 0;
        var headFound = head is null;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i].Span;
            if (line.IsEmpty) return AuditVerification.Broken(number, lines.Count, "the line is empty (a record was blanked out)");
            long expectedSeq = number;
            var earlier = parsed[i].Seq is { } seq && first.TryGetValue(seq, out var f) && f < i ? f + 1 : (int?)null;
            var comesLater = last.TryGetValue(expectedSeq, out var l) && l > i;
            var problem = CheckLine(line, parsed[i], prev, expectedSeq, comesLater, earlier, key);
            if (problem is not null) return AuditVerification.Broken(number, lines.Count, problem);
            if (parsed[i].HmacAt >= 0) withHmac++;
            prev = Sha256Hex(line);
            if (!headFound && prev.Equals(head, StringComparison.OrdinalIgnoreCase)) headFound = true;
        }
        if (lines.Count > 0 && !endsWithNewline)
        {
            return AuditVerification.Broken(lines.Count, lines.Count, "the last line has no newline at its end (an interrupted or hand-made append)");
        }
        if (!headFound)
        {
            return AuditVerification.Broken(lines.Count + 1, lines.Count,
                $"the line with hash {head} is missing: the log was cut short or rewritten after it");
        }
        return AuditVerification.Intact(lines.Count) with
        {
            Head = prev,
            HmacChecked = key is not null,
            LinesWithHmac = withHmac,
            HeadChecked = head is not null,
        };
    }

    /// <summary>A line's chain fields as found: where "hash" and "hmac" start (-1 when absent), seq and prev.</summary>
    private readonly record struct ParsedLine(long? Seq, string? Prev, int HashAt, int HmacAt, string? Error);

    private static ParsedLine Parse(ReadOnlySpan<byte> line)
    {
        var hmacAt = line.LastIndexOf(HmacFieldBytes);
        var hashAt = (hmacAt >= 0 ? line[..hmacAt] : line).LastIndexOf(HashFieldBytes);
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ParsedLine(null, null, hashAt, hmacAt, "the line is not a JSON object");
            long? seq = root.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : null;
            var prev = root.TryGetProperty("prev", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return new ParsedLine(seq, prev, hashAt, hmacAt, null);
        }
        catch (JsonException ex)
        {
            return new ParsedLine(null, null, hashAt, hmacAt, $"the line is not valid JSON ({ex.Message})");
        }
    }

    private static readonly byte[] HashFieldBytes = Encoding.UTF8.GetBytes(HashField);
    private static readonly byte[] HmacFieldBytes = Encoding.UTF8.GetBytes(HmacField);

    private static string? CheckLine(ReadOnlySpan<byte> line, ParsedLine parsed, string prev, long expectedSeq, bool expectedComesLater, int? sameSeqAtLine, byte[]? key)
    {
        var at = parsed.HashAt;
        var hashEnd = parsed.HmacAt >= 0 ? parsed.HmacAt : line.Length - 1;
        if (at < 0 || !line.EndsWith("\"}"u8) || hashEnd - 1 < at + HashFieldBytes.Length || line[hashEnd - 1] != (byte)'"')
        {
            return "the line is not an audit record (no \"hash\" field at its end)";
        }
        if (parsed.Error is { } error) return error;
        var claimed = Encoding.UTF8.GetString(line[(at + HashFieldBytes.Length)..(hashEnd - 1)]);
        // The content is checked first: an edited line is named as edited, not as out of order.
        if (Sha256Hex(line[..at]) != claimed)
        {
            return "the line was edited: its content no longer matches its own hash";
        }
        if (key is not null)
        {
            if (parsed.HmacAt < 0)
            {
                return $"the line has no HMAC: it was written without {KeyVariable}, or rewritten by someone who does not hold the key";
            }
            var claimedMac = Encoding.UTF8.GetString(line[(parsed.HmacAt + HmacFieldBytes.Length)..^2]);
            var mac = Hmac(key, line[..parsed.HmacAt]);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(claimedMac)))
            {
                return $"the line's HMAC does not match under {KeyVariable}: it was rewritten by someone who does not hold the key (or the key is not the one it was written with)";
            }
        }
        var seq = parsed.Seq ?? -1;
        if (seq != expectedSeq)
        {
            if (sameSeqAtLine is { } repeatedAt)
            {
                return $"the line is repeated: record {seq} already appeared at line {repeatedAt}";
            }
            if (expectedComesLater)
            {
                return $"the lines were reordered: this is record {seq}, the chain expects record {expectedSeq} here, which comes later in the file";
            }
            return seq > expectedSeq
                ? $"{seq - expectedSeq} line(s) are missing before it: this is record {seq}, the chain expects record {expectedSeq}"
                : $"the line is out of order or repeated: this is record {seq}, the chain expects record {expectedSeq}";
        }
        if (parsed.Prev != prev)
        {
            return "its prev does not match the line before it (a line before it was replaced, inserted or moved)";
        }
        return null;
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(byte[] bytes, out bool endsWithNewline)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n') continue;
            var end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            lines.Add(bytes.AsMemory(start, end - start));
            start = i + 1;
        }
        endsWithNewline = start == bytes.Length;
        if (start < bytes.Length) lines.Add(bytes.AsMemory(start));
        return lines;
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
