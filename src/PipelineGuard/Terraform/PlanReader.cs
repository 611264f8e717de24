using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PipelineGuard.Model;

namespace PipelineGuard.Terraform;

/// <summary>
/// Streams a terraform/OpenTofu plan JSON (<c>terraform show -json plan.out</c>) with
/// <see cref="Utf8JsonReader"/>: the file is never held whole, each resource change is read
/// from the buffer once it is complete, and only projected attribute values are materialised.
/// Anything that is not a plan is refused with an <see cref="InputException"/>.
/// </summary>
public static class PlanReader
{
    private const int InitialBufferSize = 1 << 20;
    private const int MaxDepth = 256;

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>Reads a plan file and computes its SHA-256 in the same pass.</summary>
    public static (TerraformPlan Plan, string Sha256) ReadFileWithDigest(string path, PlanProjection projection, string? displayName = null)
    {
        var name = displayName ?? path;
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
        var plan = Read(hashing, name, projection);
        return (plan, hashing.Sha256Hex());
    }

    public static TerraformPlan ReadFile(string path, PlanProjection projection, string? displayName = null)
    {
        var name = displayName ?? path;
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

    public static TerraformPlan Read(Stream stream, string displayName, PlanProjection projection)
    {
        var state = new ParseState(displayName, projection);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var filled = 0;
            var final = false;
            var offset = 0;
            var readerState = new JsonReaderState(s_readerOptions);
            Fill(stream, buffer, ref filled, ref final);
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
                }
                Fill(stream, buffer, ref filled, ref final);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return state.Finish();
    }

    private static void Fill(Stream stream, byte[] buffer, ref int filled, ref bool final)
    {
        while (filled < buffer.Length && !final)
        {
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) final = true;
            filled += n;
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
                if (!reader.TrySkip()) return false;
                var end = (int)reader.BytesConsumed;
                s.AddChange(start, end - start, line, isDrift: s.Property == "resource_drift");
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
                else if (!reader.TrySkip()) return false;
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
            default:
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return false;
                break;
        }
        s.Stage = Stage.TopLevel;
        return true;
    }

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

    private enum Stage { Start, TopLevel, Value, Changes, End }

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

    private sealed class ParseState(string file, PlanProjection projection)
    {
        private readonly List<PlanChange> _changes = [];
        private readonly List<PlanChange> _drift = [];
        private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);

        public string File { get; } = file;
        public PlanProjection Projection { get; } = projection;
        public Stage Stage { get; set; }
        public string Property { get; set; } = "";
        public HashSet<string> TopLevelKeys { get; } = new(StringComparer.Ordinal);
        public string? FormatVersion { get; set; }
        public string? ToolVersion { get; set; }
        public bool? Errored { get; set; }
        public bool? Complete { get; set; }
        public LineCounter Lines { get; } = new();
        public byte[] Buffer { get; set; } = [];
        public int BufferOffset { get; set; }

        public int LineOf(ref Utf8JsonReader reader) => Lines.LineAt(Buffer, BufferOffset + (int)reader.TokenStartIndex);

        public InputException Error(int line, string problem) => new(File, line, null, problem);

        public InputException JsonError(JsonException ex, ReadOnlySpan<byte> data)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 16)]);
            var hint = Stage == Stage.Start && head.StartsWith("[command]", StringComparison.Ordinal)
                ? " (this looks like output of the terraform wrapper of setup-terraform; set terraform_wrapper: false or write the plan with terraform show -json plan.out > plan.json)"
                : "";
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut].TrimEnd();
            return new InputException(File, line, column, $"not valid JSON: {message}{hint}", ex);
        }

        private string Intern(string value)
        {
            if (_interned.TryGetValue(value, out var existing)) return existing;
            _interned[value] = value;
            return value;
        }

        public void AddChange(int start, int length, int line, bool isDrift)
        {
            var element = new ReadOnlyMemory<byte>(Buffer, BufferOffset + start, length);
            var change = ReadChange(element, line, isDrift);
            (isDrift ? _drift : _changes).Add(change);
        }

        private PlanChange ReadChange(ReadOnlyMemory<byte> element, int line, bool isDrift)
        {
            var reader = new Utf8JsonReader(element.Span, isFinalBlock: true, new JsonReaderState(s_readerOptions));
            string? address = null, previous = null, module = null, type = null, name = null, mode = null, deposed = null, reason = null, provider = null;
            PlanActions actions = PlanActions.None;
            var sawActions = false;
            var importing = false;
            Range before = default, after = default, afterUnknown = default, beforeSensitive = default, afterSensitive = default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                if (!seen.Add(key)) throw Error(line, $"a resource change has the key \"{key}\" twice");
                reader.Read();
                switch (key)
                {
                    case "address": address = StringOrNull(ref reader, key, line); break;
                    case "previous_address": previous = StringOrNull(ref reader, key, line); break;
                    case "module_address": module = Intern(StringOrNull(ref reader, key, line) ?? ""); break;
                    case "type": type = Intern(StringOrNull(ref reader, key, line) ?? ""); break;
                    case "name": name = StringOrNull(ref reader, key, line); break;
                    case "mode": mode = Intern(StringOrNull(ref reader, key, line) ?? ""); break;
                    case "deposed": deposed = StringOrNull(ref reader, key, line); break;
                    case "provider_name": provider = Intern(StringOrNull(ref reader, key, line) ?? ""); break;
                    case "action_reason": reason = Intern(StringOrNull(ref reader, key, line) ?? ""); break;
                    case "change":
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw Error(line, $"\"change\" of {address ?? "a resource change"} must be an object, not {Describe(reader.TokenType)}");
                        }
                        var changeSeen = new HashSet<string>(StringComparer.Ordinal);
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var ck = reader.GetString()!;
                            if (!changeSeen.Add(ck)) throw Error(line, $"the change of {address ?? "a resource"} has the key \"{ck}\" twice");
                            reader.Read();
                            switch (ck)
                            {
                                case "actions":
                                    actions = ReadActions(ref reader, address, line);
                                    sawActions = true;
                                    break;
                                case "before": before = RangeOf(ref reader); break;
                                case "after": after = RangeOf(ref reader); break;
                                case "after_unknown": afterUnknown = RangeOf(ref reader); break;
                                case "before_sensitive": beforeSensitive = RangeOf(ref reader); break;
                                case "after_sensitive": afterSensitive = RangeOf(ref reader); break;
                                case "importing":
                                    importing = reader.TokenType != JsonTokenType.Null;
                                    reader.Skip();
                                    break;
                                default: reader.Skip(); break;
                            }
                        }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (address is null) throw Error(line, "a resource change has no \"address\"");
            if (type is null) throw Error(line, $"the resource change {address} has no \"type\"");
            if (!sawActions) throw Error(line, $"the resource change {address} has no \"change.actions\"");
            var values = AttributeValues.Empty;
            var paths = Projection.PathsFor(type);
            if (paths.Length > 0)
            {
                values = Extract(element, paths, before, after, afterUnknown, beforeSensitive, afterSensitive, address, line);
            }
            return new PlanChange
            {
                Address = address,
                PreviousAddress = previous,
                ModuleAddress = string.IsNullOrEmpty(module) ? null : module,
                Type = type,
                Name = name ?? "",
                IsData = mode == "data",
                Deposed = deposed,
                Actions = actions,
                ActionReason = string.IsNullOrEmpty(reason) ? null : reason,
                ProviderName = string.IsNullOrEmpty(provider) ? null : provider,
                IsDrift = isDrift,
                Importing = importing,
                Line = line,
                Values = values,
            };
        }

        private AttributeValues Extract(ReadOnlyMemory<byte> element, AttributePath[] paths, Range before, Range after,
            Range afterUnknown, Range beforeSensitive, Range afterSensitive, string address, int line)
        {
            try
            {
                using var beforeDoc = Parse(element, before);
                using var afterDoc = Parse(element, after);
                using var unknownDoc = Parse(element, afterUnknown);
                using var beforeSensDoc = Parse(element, beforeSensitive);
                using var afterSensDoc = Parse(element, afterSensitive);
                var map = new Dictionary<string, SelectedValues>(paths.Length, StringComparer.Ordinal);
                var afterRoot = afterDoc?.RootElement ?? default;
                var beforeRoot = beforeDoc?.RootElement ?? default;
                var afterExists = afterRoot.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
                var beforeExists = beforeRoot.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
                foreach (var path in paths)
                {
                    var a = afterExists || unknownDoc is not null
                        ? path.Select(afterRoot, unknownDoc?.RootElement ?? default, afterSensDoc?.RootElement ?? default)
                        : [];
                    var b = beforeExists ? path.Select(beforeRoot, default, beforeSensDoc?.RootElement ?? default) : [];
                    map[path.Text] = new SelectedValues(b, a, afterExists, beforeExists);
                }
                return new AttributeValues(map);
            }
            catch (JsonException ex)
            {
                throw Error(line, $"the values of {address} are not valid JSON: {ex.Message}");
            }
        }

        private static JsonDocument? Parse(ReadOnlyMemory<byte> element, Range range)
        {
            if (range.Equals(default(Range))) return null;
            var (offset, length) = range.GetOffsetAndLength(element.Length);
            return length == 0 ? null : JsonDocument.Parse(element.Slice(offset, length), s_documentOptions);
        }

        private static Range RangeOf(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return new Range(start, (int)reader.BytesConsumed);
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
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error(line, $"\"change.actions\" of {address ?? "a resource change"} must hold strings");
                }
                actions |= reader.GetString() switch
                {
                    "no-op" => PlanActions.NoOp,
                    "create" => PlanActions.Create,
                    "read" => PlanActions.Read,
                    "update" => PlanActions.Update,
                    "delete" => PlanActions.Delete,
                    "forget" => PlanActions.Forget,
                    var other => throw Error(line, $"{address ?? "a resource change"} has the action \"{other}\", which this version of pipeline-guard does not know; refusing to guess what it does"),
                };
            }
            if (actions == PlanActions.None)
            {
                throw Error(line, $"\"change.actions\" of {address ?? "a resource change"} is empty");
            }
            return actions;
        }

        public TerraformPlan Finish()
        {
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
            return new TerraformPlan(File, FormatVersion, ToolVersion, _changes, _drift) { Complete = Complete };
        }
    }
}
