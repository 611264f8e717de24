using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using PipelineGuard.Inputs;
using PipelineGuard.Model;

namespace PipelineGuard.Terraform;

/// <summary>
/// Streams a terraform/OpenTofu plan JSON (<c>terraform show -json plan.out</c>) with
/// <see cref="Utf8JsonReader"/>: the file is never held whole, each resource change is read
/// from the buffer once it is complete, and only projected attribute values are materialised.
/// Anything that is not a plan is refused with an <see cref="InputException"/>.
/// </summary>
public static partial class PlanReader
{
    private const int InitialBufferSize = 1 << 20;
    private const int MaxDepth = 256;

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads a plan file and computes its SHA-256 in the same pass.</summary>
    public static (TerraformPlan Plan, string Sha256) ReadFileWithDigest(string path, PlanProjection projection, string? displayName = null, bool digestChanges = false)
    {
        var name = displayName ?? path;
        Inputs.InputLimits.Check(path, Inputs.InputKind.Plan, name);
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(name, null, null, $"cannot read the plan: {ex.Message}", ex);
        }
        using var hashing = new Inputs.HashingReadStream(stream);
        var plan = Read(hashing, name, projection, digestChanges);
        return (plan, hashing.Sha256Hex());
    }

    public static TerraformPlan ReadFile(string path, PlanProjection projection, string? displayName = null)
    {
        var name = displayName ?? path;
        Inputs.InputLimits.Check(path, Inputs.InputKind.Plan, name);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(name, null, null, $"cannot read the plan: {ex.Message}", ex);
        }
        using (stream)
        {
            return Read(stream, name, projection);
        }
    }

    /// <param name="digestChanges">Also keep each resource change's canonical SHA-256 (<see cref="PlanChange.ContentSha256"/>) for action-level approvals.</param>
    public static TerraformPlan Read(Stream stream, string displayName, PlanProjection projection, bool digestChanges = false) =>
        Read(stream, displayName, projection, digestChanges, ChangePipeline.DefaultChangesPerBatch);

    /// <param name="changesPerBatch">How many changes go to the values thread at a time (tests vary it to compare one thread with two).</param>
    internal static TerraformPlan Read(Stream stream, string displayName, PlanProjection projection, bool digestChanges, int changesPerBatch)
    {
        var state = new ParseState(displayName, projection) { DigestChanges = digestChanges, ChangesPerBatch = changesPerBatch };
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var peakBuffer = buffer.Length;
        try
        {
            var filled = 0;
            var final = false;
            var offset = 0;
            var readerState = new JsonReaderState(s_readerOptions);
            var utf8 = new Utf8Validation(displayName);
            Fill(stream, buffer, ref filled, ref final, utf8);
            offset = SkipBom(buffer, filled);
            state.Lines.Start(offset);
            if (filled - offset == 0 && final)
            {
                throw new InputException(displayName, null, null, "the file is empty; expected a terraform plan in JSON form (terraform show -json plan.out)");
            }
            while (true)
            {
                state.Buffer = buffer;
                state.BufferOffset = offset;
                var (done, consumed, nextState) = Process(buffer.AsSpan(offset, filled - offset), final, readerState, state);
                if (done) break;
                readerState = nextState;
                offset += (int)consumed;
                if (final)
                {
                    throw state.Error(state.Lines.LineAt(buffer, filled), "the plan ends before its JSON is complete (truncated file?)");
                }
                // Keep the unconsumed tail, grow when one element does not fit, and read more.
                state.Lines.Discard(buffer, offset);
                var tail = filled - offset;
                if (tail > 0) Buffer.BlockCopy(buffer, offset, buffer, 0, tail);
                filled = tail;
                offset = 0;
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    peakBuffer = Math.Max(peakBuffer, buffer.Length);
                }
                Fill(stream, buffer, ref filled, ref final, utf8);
            }
        }
        catch (InputException failure)
        {
            var first = state.FirstError(failure);
            if (ReferenceEquals(first, failure)) throw;
            ExceptionDispatchInfo.Throw(first);
        }
        catch
        {
            state.Abandon();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return state.Finish() with { PeakBufferBytes = peakBuffer };
    }

    private static void Fill(Stream stream, byte[] buffer, ref int filled, ref bool final, Utf8Validation utf8)
    {
        while (filled < buffer.Length && !final)
        {
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) final = true;
            // Every byte is checked, also in values that are skipped: JSON is UTF-8, and a plan that is not is refused, not half read.
            utf8.Check(buffer.AsSpan(filled, n), final);
            filled += n;
        }
    }

    /// <summary>Checks a byte stream piece by piece for invalid UTF-8 (a sequence may be split between pieces).</summary>
    private sealed class Utf8Validation(string file)
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private readonly char[] _scratch = new char[16 * 1024];
        private long _offset;
        private long _lines;

        public void Check(ReadOnlySpan<byte> bytes, bool final)
        {
            var rest = bytes;
            try
            {
                do
                {
                    _decoder.Convert(rest, _scratch, final, out var used, out _, out _);
                    _lines += rest[..used].Count((byte)'\n');
                    _offset += used;
                    rest = rest[used..];
                }
                while (!rest.IsEmpty);
            }
            catch (DecoderFallbackException)
            {
                var bad = Utf8FirstInvalid(rest);
                var line = _lines + rest[..bad].Count((byte)'\n') + 1;
                throw new InputException(file, (int)Math.Min(int.MaxValue, line), null,
                    $"not valid UTF-8 (invalid byte sequence at byte offset {_offset + bad}); a plan in JSON form is UTF-8 text");
            }
        }

        private static int Utf8FirstInvalid(ReadOnlySpan<byte> bytes)
        {
            System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
            return read;
        }
    }

    private static int SkipBom(byte[] buffer, int filled) =>
        filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;

    private static (bool Done, long Consumed, JsonReaderState State) Process(ReadOnlySpan<byte> data, bool final, JsonReaderState readerState, ParseState s)
    {
        var reader = new Utf8JsonReader(data, final, readerState);
        while (true)
        {
            var checkpoint = reader;
            bool complete;
            try
            {
                complete = Step(ref reader, s);
            }
            catch (JsonException ex)
            {
                throw s.JsonError(ex, data);
            }
            catch (InvalidOperationException ex)
            {
                // A string that is valid JSON syntax but no text (a lone surrogate escape such as "\ud800").
                throw s.Error(s.LineOf(ref reader), $"not valid JSON text: {ex.Message}");
            }
            if (!complete) return (false, checkpoint.BytesConsumed, checkpoint.CurrentState);
            if (s.Stage == Stage.End)
            {
                try
                {
                    // Anything after the closing brace but white space is an error.
                    if (reader.Read()) throw s.Error(s.Lines.LineAt(s.Buffer, s.BufferOffset + (int)reader.TokenStartIndex), "unexpected content after the plan's closing brace");
                }
                catch (JsonException ex)
                {
                    throw s.JsonError(ex, data);
                }
                if (!final) return (false, reader.BytesConsumed, reader.CurrentState);
                return (true, reader.BytesConsumed, reader.CurrentState);
            }
        }
    }

    /// <summary>Advances by one logical step; false when the buffer does not hold enough to finish it.</summary>
    private static bool Step(ref Utf8JsonReader reader, ParseState s)
    {
        switch (s.Stage)
        {
            case Stage.Start:
                if (!reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    if (s.StartsWithWrapperOutput) throw s.Error(1, WrapperHint);
                    throw s.Error(1, "the file is JSON but not an object; a terraform plan is an object with \"format_version\" and \"resource_changes\" (terraform show -json plan.out)");
                }
                s.Stage = Stage.TopLevel;
                return true;
            case Stage.TopLevel:
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    s.Stage = Stage.End;
                    return true;
                }
                s.Property = reader.GetString()!;
                if (!s.TopLevelKeys.Add(s.Property))
                {
                    throw s.Error(s.LineOf(ref reader), $"the key \"{s.Property}\" appears twice at the top level");
                }
                s.Stage = Stage.Value;
                return true;
            case Stage.Value:
                return StepValue(ref reader, s);
            case Stage.Skipping:
                return StepSkipping(ref reader, s);
            case Stage.Walk:
                return s.StepWalk(ref reader);
            case Stage.Changes:
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    s.Stage = Stage.TopLevel;
                    return true;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw s.Error(s.LineOf(ref reader), $"every item of \"{s.Property}\" must be an object, not {Describe(reader.TokenType)}");
                }
                var start = (int)reader.TokenStartIndex;
                var line = s.LineOf(ref reader);
                try
                {
                    // Parsed straight from the stream; at a buffer boundary the caller refills and this element is read again.
                    s.AddChange(ref reader, start, line, isDrift: s.Property == "resource_drift");
                }
                catch (NeedMoreDataException)
                {
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    private static bool StepValue(ref Utf8JsonReader reader, ParseState s)
    {
        if (!reader.Read()) return false;
        switch (s.Property)
        {
            case "format_version":
            case "terraform_version":
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw s.Error(s.LineOf(ref reader), $"\"{s.Property}\" must be a string, not {Describe(reader.TokenType)}");
                }
                if (s.Property == "format_version") s.FormatVersion = reader.GetString();
                else s.ToolVersion = reader.GetString();
                break;
            case "errored":
            case "complete":
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    if (s.Property == "errored") s.Errored = reader.GetBoolean();
                    else s.Complete = reader.GetBoolean();
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    s.SkipDepth = reader.CurrentDepth;
                    s.Stage = Stage.Skipping;
                    return true;
                }
                break;
            case "resource_changes":
            case "resource_drift":
                if (reader.TokenType == JsonTokenType.Null) break;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw s.Error(s.LineOf(ref reader), $"\"{s.Property}\" must be a list, not {Describe(reader.TokenType)}");
                }
                s.Stage = Stage.Changes;
                return true;
            case "configuration" when s.Projection.ProviderContext && reader.TokenType == JsonTokenType.StartObject:
            case "prior_state" or "variables" when s.Projection.AccountEvidence && reader.TokenType == JsonTokenType.StartObject:
                if (s.Property == "variables")
                {
                    if (!s.CaptureVariables(ref reader)) return false;
                    break;
                }
                s.StartWalk(s.Property == "configuration" ? WalkFrame.ConfigRoot : WalkFrame.StateRoot);
                return true;
            default:
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // Skipped token by token: planned_values or configuration can be a third of a big plan.
                    s.SkipDepth = reader.CurrentDepth;
                    s.Stage = Stage.Skipping;
                    return true;
                }
                break;
        }
        s.Stage = Stage.TopLevel;
        return true;
    }

    /// <summary>Skips as far as the buffer allows, keeping the progress: a big value never has to fit in the buffer.</summary>
    private static bool StepSkipping(ref Utf8JsonReader reader, ParseState s)
    {
        var progressed = false;
        while (true)
        {
            var safe = reader;
            if (!reader.Read())
            {
                reader = safe;
                return progressed;
            }
            progressed = true;
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == s.SkipDepth)
            {
                s.Stage = Stage.TopLevel;
                return true;
            }
        }
    }

    private const string WrapperHint =
        "this is output of the terraform wrapper of hashicorp/setup-terraform ([command]... before the JSON), not a plan; " +
        "set terraform_wrapper: false, or write the plan with terraform show -json plan.out > plan.json";

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private enum Stage { Start, TopLevel, Value, Skipping, Changes, Walk, End }

    /// <summary>Where the walk through configuration or prior_state is: only these containers are entered, the rest is skipped.</summary>
    private enum WalkFrame { ConfigRoot, ConfigModule, ConfigResources, ModuleCalls, ModuleCall, StateRoot, StateValues, StateModule, StateResources, StateChildModules }

    /// <summary>The buffer ends inside the element being read: refill and read it again (rare: once per buffer).</summary>
    private sealed class NeedMoreDataException : Exception;

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new NeedMoreDataException();
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw new NeedMoreDataException();
    }

    /// <summary>Counts newlines incrementally so each change knows its line without rescanning.</summary>
    private sealed class LineCounter
    {
        private long _linesBefore;
        private int _countedUpTo;

        public void Start(int offset) => _countedUpTo = offset;

        public int LineAt(byte[] buffer, int index)
        {
            if (index > _countedUpTo)
            {
                _linesBefore += buffer.AsSpan(_countedUpTo, index - _countedUpTo).Count((byte)'\n');
                _countedUpTo = index;
            }
            return (int)Math.Min(int.MaxValue, _linesBefore + 1);
        }

        /// <summary>The bytes before <paramref name="upTo"/> leave the buffer; later bytes move to its start.</summary>
        public void Discard(byte[] buffer, int upTo)
        {
            if (_countedUpTo > upTo)
            {
                // Lines counted past the cut will be counted again after the shift.
                _linesBefore -= buffer.AsSpan(upTo, _countedUpTo - upTo).Count((byte)'\n');
                _countedUpTo = upTo;
            }
            LineAt(buffer, upTo);
            _countedUpTo = 0;
        }
    }

    private sealed partial class ParseState(string file, PlanProjection projection)
    {
        private readonly List<PlanChange> _changes = [];
        private readonly List<PlanChange> _drift = [];
        // Types, modes, providers, reasons and module addresses repeat across a plan; resource names repeat less
        // ("this", "main") and are often unique, so their table stops growing early instead of holding every name.
        private readonly InternTable _labels = new(100_000);
        private readonly InternTable _names = new(4_096);
        private readonly KeptValueCache _kept = new();

        public string File { get; } = file;
        public PlanProjection Projection { get; } = projection;
        public bool DigestChanges { get; init; }
        public Stage Stage { get; set; }
        public string Property { get; set; } = "";
        public int SkipDepth { get; set; }
        public HashSet<string> TopLevelKeys { get; } = new(StringComparer.Ordinal);
        public string? FormatVersion { get; set; }
        public string? ToolVersion { get; set; }
        public bool? Errored { get; set; }
        public bool? Complete { get; set; }
        public LineCounter Lines { get; } = new();
        public byte[] Buffer { get; set; } = [];
        public int BufferOffset { get; set; }

        public bool StartsWithWrapperOutput => Buffer.AsSpan(BufferOffset).StartsWith("[command]"u8);

        public int LineOf(ref Utf8JsonReader reader) => Lines.LineAt(Buffer, BufferOffset + (int)reader.TokenStartIndex);

        public InputException Error(int line, string problem) => new(File, line, null, problem);

        public InputException JsonError(JsonException ex, ReadOnlySpan<byte> data)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 16)]);
            var hint = Stage == Stage.Start && head.StartsWith("[command]", StringComparison.Ordinal) ? $" ({WrapperHint})" : "";
            var message = ex.Message;
            if (message.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
            {
                return new InputException(File, line, column, "the plan ends before its JSON is complete (truncated file?)", ex);
            }
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut].TrimEnd();
            return new InputException(File, line, column, $"not valid JSON: {message}{hint}", ex);
        }

        /// <summary>A finished change, in plan order.</summary>
        public void Keep(PlanChange change) => (change.IsDrift ? _drift : _changes).Add(change);

        public void AddChange(ref Utf8JsonReader reader, int start, int line, bool isDrift)
        {
            var head = ReadChange(ref reader, start, line, isDrift);
            Pipeline.Add(head, new ReadOnlySpan<byte>(Buffer, BufferOffset + start, (int)reader.BytesConsumed - start));
        }

        /// <summary>The keys of a resource change and its change object that the reader knows, as bits for duplicate detection.</summary>
        [Flags]
        private enum Key
        {
            None = 0, Address = 1, PreviousAddress = 2, ModuleAddress = 4, Type = 8, Name = 16, Mode = 32, Deposed = 64,
            Index = 128, ProviderName = 256, ActionReason = 512, Change = 1024,
            Actions = 1 << 12, Before = 1 << 13, After = 1 << 14, AfterUnknown = 1 << 15, BeforeSensitive = 1 << 16,
            AfterSensitive = 1 << 17, Importing = 1 << 18, BeforeIdentity = 1 << 19, AfterIdentity = 1 << 20,
        }

        // Keys are compared as UTF-8 bytes: no string is made for a property name (escaped names are unescaped first).
        private static Key ChangeKeyOf(ref Utf8JsonReader reader) =>
            reader.ValueIsEscaped ? ChangeKeyOf(Encoding.UTF8.GetBytes(reader.GetString()!)) : ChangeKeyOf(reader.ValueSpan);

        private static Key ChangeKeyOf(ReadOnlySpan<byte> k)
        {
            return k.Length switch
            {
                4 when k.SequenceEqual("type"u8) => Key.Type,
                4 when k.SequenceEqual("name"u8) => Key.Name,
                4 when k.SequenceEqual("mode"u8) => Key.Mode,
                5 when k.SequenceEqual("index"u8) => Key.Index,
                6 when k.SequenceEqual("change"u8) => Key.Change,
                7 when k.SequenceEqual("address"u8) => Key.Address,
                7 when k.SequenceEqual("deposed"u8) => Key.Deposed,
                13 when k.SequenceEqual("provider_name"u8) => Key.ProviderName,
                13 when k.SequenceEqual("action_reason"u8) => Key.ActionReason,
                14 when k.SequenceEqual("module_address"u8) => Key.ModuleAddress,
                16 when k.SequenceEqual("previous_address"u8) => Key.PreviousAddress,
                _ => Key.None,
            };
        }

        private static Key InnerKeyOf(ref Utf8JsonReader reader) =>
            reader.ValueIsEscaped ? InnerKeyOf(Encoding.UTF8.GetBytes(reader.GetString()!)) : InnerKeyOf(reader.ValueSpan);

        private static Key InnerKeyOf(ReadOnlySpan<byte> k)
        {
            return k.Length switch
            {
                5 when k.SequenceEqual("after"u8) => Key.After,
                6 when k.SequenceEqual("before"u8) => Key.Before,
                7 when k.SequenceEqual("actions"u8) => Key.Actions,
                9 when k.SequenceEqual("importing"u8) => Key.Importing,
                13 when k.SequenceEqual("after_unknown"u8) => Key.AfterUnknown,
                15 when k.SequenceEqual("after_sensitive"u8) => Key.AfterSensitive,
                16 when k.SequenceEqual("before_sensitive"u8) => Key.BeforeSensitive,
                15 when k.SequenceEqual("before_identity"u8) => Key.BeforeIdentity,
                14 when k.SequenceEqual("after_identity"u8) => Key.AfterIdentity,
                _ => Key.None,
            };
        }

        /// <summary>Reads one resource change up to its values; the reader is on its opening brace and ends on its closing one.</summary>
        private ChangeHead ReadChange(ref Utf8JsonReader reader, int start, int line, bool isDrift)
        {
            var indexAt = default(Utf8JsonReader);
            string? address = null, previous = null, module = null, type = null, name = null, mode = null, deposed = null, reason = null, provider = null;
            PlanActions actions = PlanActions.None;
            var importing = false;
            Range before = default, after = default, afterUnknown = default, beforeSensitive = default, afterSensitive = default;
            Range beforeIdentityRange = default, afterIdentityRange = default;
            var seen = Key.None;
            while (NextIsProperty(ref reader))
            {
                var key = ChangeKeyOf(ref reader);
                if (key != Key.None && (seen & key) != 0) throw Error(line, $"a resource change has the key \"{reader.GetString()}\" twice");
                seen |= key;
                Next(ref reader);
                switch (key)
                {
                    case Key.Address: address = StringOrNull(ref reader, "address", line); break;
                    case Key.PreviousAddress: previous = StringOrNull(ref reader, "previous_address", line); break;
                    case Key.ModuleAddress: module = InternedOrNull(ref reader, _labels, "module_address", line); break;
                    case Key.Type: type = InternedOrNull(ref reader, _labels, "type", line); break;
                    case Key.Name: name = InternedOrNull(ref reader, _names, "name", line); break;
                    case Key.Mode: mode = InternedOrNull(ref reader, _labels, "mode", line); break;
                    case Key.Deposed: deposed = StringOrNull(ref reader, "deposed", line); break;
                    case Key.Index:
                        // Only needed to rebuild a missing address: kept as a position, read when that happens.
                        indexAt = reader;
                        SkipValue(ref reader);
                        break;
                    case Key.ProviderName: provider = InternedOrNull(ref reader, _labels, "provider_name", line); break;
                    case Key.ActionReason: reason = InternedOrNull(ref reader, _labels, "action_reason", line); break;
                    case Key.Change:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw Error(line, $"\"change\" of {address ?? "a resource change"} must be an object, not {Describe(reader.TokenType)}");
                        }
                        while (NextIsProperty(ref reader))
                        {
                            var inner = InnerKeyOf(ref reader);
                            if (inner != Key.None && (seen & inner) != 0) throw Error(line, $"the change of {address ?? "a resource"} has the key \"{reader.GetString()}\" twice");
                            seen |= inner;
                            Next(ref reader);
                            switch (inner)
                            {
                                case Key.Actions: actions = ReadActions(ref reader, address, line); break;
                                case Key.Before: before = RangeOf(ref reader, start); break;
                                case Key.After: after = RangeOf(ref reader, start); break;
                                case Key.AfterUnknown: afterUnknown = RangeOf(ref reader, start); break;
                                case Key.BeforeSensitive: beforeSensitive = RangeOf(ref reader, start); break;
                                case Key.AfterSensitive: afterSensitive = RangeOf(ref reader, start); break;
                                case Key.BeforeIdentity: beforeIdentityRange = RangeOf(ref reader, start); break;
                                case Key.AfterIdentity: afterIdentityRange = RangeOf(ref reader, start); break;
                                case Key.Importing:
                                    importing = reader.TokenType != JsonTokenType.Null;
                                    SkipValue(ref reader);
                                    break;
                                default: SkipValue(ref reader); break;
                            }
                        }
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }
            // Terraform 1.0.0 wrote resource_drift entries without "address"; rebuild it from its parts.
            if (address is null && type is not null && name is not null)
            {
                var index = indexAt.TokenType switch
                {
                    JsonTokenType.Number => $"[{Encoding.UTF8.GetString(indexAt.ValueSpan)}]",
                    JsonTokenType.String => $"[\"{indexAt.GetString()}\"]",
                    _ => null,
                };
                var prefix = string.IsNullOrEmpty(module) ? "" : module + ".";
                address = $"{prefix}{(mode == "data" ? "data." : "")}{type}.{name}{index}";
            }
            if (address is null) throw Error(line, "a resource change has no \"address\" (nor type and name to rebuild it from)");
            if (type is null) throw Error(line, $"the resource change {address} has no \"type\"");
            if ((seen & Key.Actions) == 0) throw Error(line, $"the resource change {address} has no \"change.actions\"");
            return new ChangeHead(address, previous, string.IsNullOrEmpty(module) ? null : module, type, name ?? "", mode == "data", deposed, actions,
                string.IsNullOrEmpty(reason) ? null : reason, string.IsNullOrEmpty(provider) ? null : provider, isDrift, importing, line,
                before, after, afterUnknown, beforeSensitive, afterSensitive, beforeIdentityRange, afterIdentityRange);
        }

        /// <summary>
        /// Reads what the policy asked of one change from its bytes: projected values, account hints, identities
        /// and the canonical digest. Runs on the pipeline's worker, in plan order.
        /// </summary>
        public PlanChange FinishChange(in ChangeHead head, ReadOnlySpan<byte> element)
        {
            var (address, line) = (head.Address, head.Line);
            try
            {
                var values = AttributeValues.Empty;
                var paths = Projection.ForType(head.Type);
                if (paths.Paths.Length > 0)
                {
                    values = Extract(element, paths, head.Before, head.After, head.AfterUnknown, head.BeforeSensitive, head.AfterSensitive, address, line);
                }
                IdentityHint[] hints = [];
                if (Projection.AccountEvidence)
                {
                    hints = ScanHints(element, head.Before, head.After, address, line);
                }
                PlanValue? beforeIdentity = null, afterIdentity = null;
                if (Projection.Identities || Projection.AccountEvidence)
                {
                    beforeIdentity = Identity(element, head.BeforeIdentity, address, line);
                    afterIdentity = Identity(element, head.AfterIdentity, address, line);
                }
                // Hashed from the bytes already read: the digest costs no second read and no tree.
                var content = DigestChanges && !head.IsDrift ? CanonicalSha256(element, address, line) : null;
                return new PlanChange
                {
                    ContentSha256 = content,
                    Address = address,
                    PreviousAddress = head.PreviousAddress,
                    ModuleAddress = head.ModuleAddress,
                    Type = head.Type,
                    Name = head.Name,
                    IsData = head.IsData,
                    Deposed = head.Deposed,
                    Actions = head.Actions,
                    ActionReason = head.ActionReason,
                    ProviderName = head.ProviderName,
                    IsDrift = head.IsDrift,
                    Importing = head.Importing,
                    Line = line,
                    Values = values,
                    BeforeIdentity = beforeIdentity,
                    AfterIdentity = afterIdentity,
                    IdentityHints = hints,
                };
            }
            catch (InvalidOperationException ex)
            {
                // A string that is valid JSON syntax but no text (a lone surrogate escape such as "\ud800").
                throw Error(line, $"not valid JSON text in the values of {address}: {ex.Message}");
            }
        }

        private byte[] CanonicalSha256(ReadOnlySpan<byte> element, string address, int line)
        {
            try
            {
                return CanonicalJson.Sha256(element);
            }
            catch (JsonException ex)
            {
                throw Error(line, $"the resource change {address} has no canonical form: {ex.Message}");
            }
        }

        /// <summary>Repeated short strings (types, modules, providers, names) are made once, looked up from their bytes.</summary>
        private string? InternedOrNull(ref Utf8JsonReader reader, InternTable table, string key, int line)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Error(line, $"\"{key}\" of a resource change must be a string, not {Describe(reader.TokenType)}");
            }
            var span = reader.ValueSpan;
            if (reader.ValueIsEscaped || span.Length > 256) return table.Intern(reader.GetString()!);
            Span<char> chars = stackalloc char[256];
            var n = Encoding.UTF8.GetChars(span, chars);
            return table.Intern(chars[..n]);
        }

        /// <summary>A resource identity object (small), read whole; null when absent or JSON null.</summary>
        private PlanValue? Identity(ReadOnlySpan<byte> element, Range range, string address, int line)
        {
            var bytes = Slice(element, range);
            if (bytes.IsEmpty || bytes.SequenceEqual("null"u8)) return null;
            try
            {
                return ProjectedValueReader.ReadMarker(bytes);
            }
            catch (JsonException ex)
            {
                throw Error(line, $"the identity of {address} is not valid JSON: {ex.Message}");
            }
        }

        private AttributeValues Extract(ReadOnlySpan<byte> span, TypeProjection projection, Range before, Range after,
            Range afterUnknown, Range beforeSensitive, Range afterSensitive, string address, int line)
        {
            try
            {
                var unknown = Marker(span, afterUnknown, projection.Trie);
                var afterValue = ProjectedValueReader.Read(Slice(span, after), projection.Trie, unknown, Marker(span, afterSensitive, projection.Trie), _kept);
                // The before-state is read only when a condition compares before and after.
                var beforeValue = projection.NeedsBefore
                    ? ProjectedValueReader.Read(Slice(span, before), projection.Trie, null, Marker(span, beforeSensitive, projection.Trie), _kept)
                    : null;
                var wholeUnknown = unknown is { Kind: PlanValueKind.Bool, RawText: "true" };
                var n = projection.Paths.Length;
                // Scratch lists reused across changes: the cache copies what it keeps.
                while (_selected.Count < 2 * n) _selected.Add([]);
                if (_afterSelected.Length != n)
                {
                    _afterSelected = new IReadOnlyList<PlanValue>[n];
                    _beforeSelected = new IReadOnlyList<PlanValue>[n];
                }
                var afterSelected = _afterSelected;
                var beforeSelected = _beforeSelected;
                for (var i = 0; i < n; i++)
                {
                    var path = projection.Paths[i];
                    afterSelected[i] = afterValue is not null ? Select(path, afterValue, _selected[2 * i]) : wholeUnknown ? s_unknownOnly : [];
                    beforeSelected[i] = beforeValue is not null ? Select(path, beforeValue, _selected[2 * i + 1]) : [];
                }
                return _kept.Keep(projection, beforeSelected, afterSelected, afterValue is not null, beforeValue is not null);
            }
            catch (JsonException ex)
            {
                throw Error(line, $"the values of {address} are not valid JSON: {ex.Message}");
            }
        }

        private readonly List<List<PlanValue>> _selected = [];
        private IReadOnlyList<PlanValue>[] _afterSelected = [];
        private IReadOnlyList<PlanValue>[] _beforeSelected = [];

        private static List<PlanValue> Select(AttributePath path, PlanValue root, List<PlanValue> scratch)
        {
            scratch.Clear();
            path.SelectInto(root, scratch);
            return scratch;
        }

        private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> element, Range range) =>
            range.Equals(default(Range)) ? default : element[range];

        private static readonly PlanValue[] s_unknownOnly = [PlanValue.Unknown];

        private static readonly PlanValue s_trueMarker = new(PlanValueKind.Bool, "true", false);

        /// <summary>An unknown/sensitive marker, only where the projection reads values; the common literals are not parsed.</summary>
        private static PlanValue? Marker(ReadOnlySpan<byte> element, Range range, PathTrie trie)
        {
            var bytes = Slice(element, range);
            if (bytes.IsEmpty || bytes.SequenceEqual("{}"u8) || bytes.SequenceEqual("false"u8) || bytes.SequenceEqual("null"u8)) return null;
            if (bytes.SequenceEqual("true"u8)) return s_trueMarker;
            // Marks on attributes no path reads change nothing: an empty projected marker is no marker.
            var marker = ProjectedValueReader.Read(bytes, trie, null, null);
            return marker is { Kind: PlanValueKind.Map, Properties.Count: 0 } ? null : marker;
        }

        /// <summary>Where the current value lies, relative to the element that starts at <paramref name="elementStart"/>.</summary>
        private static Range RangeOf(ref Utf8JsonReader reader, int elementStart)
        {
            var start = (int)reader.TokenStartIndex - elementStart;
            SkipValue(ref reader);
            return new Range(start, (int)reader.BytesConsumed - elementStart);
        }

        private static bool NextIsNotEnd(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.TokenType != JsonTokenType.EndArray;
        }

        private static bool NextIsProperty(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.TokenType == JsonTokenType.PropertyName;
        }

        private string? StringOrNull(ref Utf8JsonReader reader, string key, int line)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Error(line, $"\"{key}\" of a resource change must be a string, not {Describe(reader.TokenType)}");
            }
            return reader.GetString();
        }

        private PlanActions ReadActions(ref Utf8JsonReader reader, string? address, int line)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(line, $"\"change.actions\" of {address ?? "a resource change"} must be a list, not {Describe(reader.TokenType)}");
            }
            var actions = PlanActions.None;
            while (NextIsNotEnd(ref reader))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error(line, $"\"change.actions\" of {address ?? "a resource change"} must hold strings");
                }
                actions |= reader.ValueTextEquals("create"u8) ? PlanActions.Create
                    : reader.ValueTextEquals("update"u8) ? PlanActions.Update
                    : reader.ValueTextEquals("delete"u8) ? PlanActions.Delete
                    : reader.ValueTextEquals("no-op"u8) ? PlanActions.NoOp
                    : reader.ValueTextEquals("read"u8) ? PlanActions.Read
                    : reader.ValueTextEquals("forget"u8) ? PlanActions.Forget
                    : throw Error(line, $"{address ?? "a resource change"} has the action \"{reader.GetString()}\", which this version of pipeline-guard does not know; refusing to guess what it does");
            }
            if (actions == PlanActions.None)
            {
                throw Error(line, $"\"change.actions\" of {address ?? "a resource change"} is empty");
            }
            return actions;
        }

        public TerraformPlan Finish()
        {
            Pipeline.Complete();
            var isPlan = TopLevelKeys.Overlaps(["resource_changes", "planned_values", "configuration", "prior_state", "output_changes", "resource_drift"]);
            if (FormatVersion is null || !isPlan)
            {
                var what = TopLevelKeys.Contains("values") && !isPlan
                    ? "this is terraform state (terraform show -json without a plan file), not a plan"
                    : FormatVersion is null
                        ? "not a terraform plan: there is no \"format_version\" (write it with terraform show -json plan.out > plan.json)"
                        : "not a terraform plan: it has none of resource_changes, planned_values, prior_state or configuration";
                throw new InputException(File, null, null, what);
            }
            var majorText = FormatVersion.Split('.')[0];
            if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major) || major > 1)
            {
                throw new InputException(File, null, null,
                    $"format_version \"{FormatVersion}\" is a major version this pipeline-guard does not read (it reads 0.x and 1.x); refusing to guess");
            }
            if (Errored == true)
            {
                throw new InputException(File, null, null,
                    "terraform reported errors while planning (\"errored\": true); the plan is incomplete and cannot be judged");
            }
            return new TerraformPlan(File, FormatVersion, ToolVersion, _changes, _drift) { Complete = Complete, Projection = Projection, ChangesDigested = DigestChanges, Context = _context ?? PlanContext.Empty };
        }
    }
}
