using System.Text.Json;

namespace PipelineGuard.Terraform;

public static partial class PlanReader
{
    private sealed partial class ParseState
    {
        private PlanContext? _context;
        private readonly List<(WalkFrame Frame, string Module, string? Pending)> _walk = [];
        private readonly InternTable _hintValues = new(50_000);
        private readonly Dictionary<(string, string), IdentityHint> _hints = [];

        private PlanContext Context => _context ??= new PlanContext();

        public void StartWalk(WalkFrame root)
        {
            if (root == WalkFrame.ConfigRoot) Context.HasConfiguration = true;
            _walk.Clear();
            _walk.Add((root, "", null));
            Stage = Stage.Walk;
        }

        /// <summary>The root <c>variables</c> object, read whole (it is small): name to its <c>value</c>.</summary>
        public bool CaptureVariables(ref Utf8JsonReader reader)
        {
            if (!TryCapture(ref reader, out var bytes)) return false;
            var value = ReadValue(bytes, "variables", LineOf(ref reader));
            foreach (var (name, v) in value.Properties)
            {
                Context.Variables[name] = v.Properties.GetValueOrDefault("value") ?? PlanValue.Unknown;
            }
            return true;
        }

        /// <summary>One token of the walk through configuration or prior_state; false when the buffer must be refilled first.</summary>
        public bool StepWalk(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) return false;
            var top = _walk[^1];
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _walk[^1] = top with { Pending = reader.GetString() };
                    return true;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _walk.RemoveAt(_walk.Count - 1);
                    if (_walk.Count == 0) Stage = Stage.TopLevel;
                    return true;
            }
            var container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
            var name = top.Pending;
            var module = top.Module;
            WalkFrame? enter = (top.Frame, name, reader.TokenType) switch
            {
                (WalkFrame.ConfigRoot, "root_module", JsonTokenType.StartObject) => WalkFrame.ConfigModule,
                (WalkFrame.ConfigModule, "resources", JsonTokenType.StartArray) => WalkFrame.ConfigResources,
                (WalkFrame.ConfigModule, "module_calls", JsonTokenType.StartObject) => WalkFrame.ModuleCalls,
                (WalkFrame.ModuleCalls, _, JsonTokenType.StartObject) => WalkFrame.ModuleCall,
                (WalkFrame.ModuleCall, "module", JsonTokenType.StartObject) => WalkFrame.ConfigModule,
                (WalkFrame.StateRoot, "values", JsonTokenType.StartObject) => WalkFrame.StateValues,
                (WalkFrame.StateValues, "root_module", JsonTokenType.StartObject) => WalkFrame.StateModule,
                (WalkFrame.StateModule, "resources", JsonTokenType.StartArray) => WalkFrame.StateResources,
                (WalkFrame.StateModule, "child_modules", JsonTokenType.StartArray) => WalkFrame.StateChildModules,
                (WalkFrame.StateChildModules, _, JsonTokenType.StartObject) => WalkFrame.StateModule,
                _ => null,
            };
            if (enter is { } frame)
            {
                var path = frame == WalkFrame.ModuleCall ? (module.Length == 0 ? "" : module + ".") + "module." + name : module;
                _walk.Add((frame, path, null));
                return true;
            }
            if (!container) return true;
            var line = LineOf(ref reader);
            if (!TryCapture(ref reader, out var bytes)) return false;
            switch (top.Frame, name)
            {
                case (WalkFrame.ConfigRoot, "provider_config"):
                    foreach (var (key, p) in ReadValue(bytes, "configuration.provider_config", line).Properties)
                    {
                        Context.Providers[key] = new ProviderConfiguration(key,
                            p.Properties.GetValueOrDefault("name")?.RawText ?? key, p.Properties.GetValueOrDefault("alias")?.RawText,
                            p.Properties.GetValueOrDefault("module_address")?.RawText, p.Properties.GetValueOrDefault("expressions"));
                    }
                    break;
                case (WalkFrame.ConfigResources, _):
                    ConfigResource(bytes, module);
                    break;
                case (WalkFrame.ModuleCall, "expressions") when Projection.AccountEvidence:
                    Context.ModuleCallExpressions[module] = ReadValue(bytes, $"the expressions of {module}", line);
                    break;
                case (WalkFrame.StateResources, _):
                    StateResource(bytes, line);
                    break;
            }
            return true;
        }

        /// <summary>The whole value the reader is on, as bytes of the buffer; false when it does not end in the buffer yet.</summary>
        private bool TryCapture(ref Utf8JsonReader reader, out ReadOnlySpan<byte> bytes)
        {
            var start = (int)reader.TokenStartIndex;
            var copy = reader;
            if (!copy.TrySkip())
            {
                bytes = default;
                return false;
            }
            bytes = Buffer.AsSpan(BufferOffset + start, (int)copy.BytesConsumed - start);
            reader = copy;
            return true;
        }

        private PlanValue ReadValue(ReadOnlySpan<byte> bytes, string what, int line)
        {
            try
            {
                return ProjectedValueReader.ReadMarker(bytes) ?? PlanValue.Unknown;
            }
            catch (JsonException ex)
            {
                throw Error(line, $"{what} is not valid JSON: {ex.Message}");
            }
        }

        /// <summary>A configuration resource: only its address and provider_config_key are kept.</summary>
        private void ConfigResource(ReadOnlySpan<byte> bytes, string module)
        {
            var r = new Utf8JsonReader(bytes);
            r.Read();
            string? address = null, key = null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var isAddress = r.ValueTextEquals("address"u8);
                var isKey = r.ValueTextEquals("provider_config_key"u8);
                r.Read();
                if (isAddress && r.TokenType == JsonTokenType.String) address = r.GetString();
                else if (isKey && r.TokenType == JsonTokenType.String) key = r.GetString();
                else r.Skip();
            }
            if (address is null || key is null) return;
            Context.ResourceProviders[module.Length == 0 ? address : module + "." + address] = key;
        }

        /// <summary>A prior-state resource: kept only when it is an identity data source (aws_caller_identity and the like).</summary>
        private void StateResource(ReadOnlySpan<byte> bytes, int line)
        {
            var r = new Utf8JsonReader(bytes);
            r.Read();
            string? address = null, mode = null, type = null;
            var values = default(Range);
            var start = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var which = r.ValueTextEquals("address"u8) ? 1 : r.ValueTextEquals("mode"u8) ? 2 : r.ValueTextEquals("type"u8) ? 3 : r.ValueTextEquals("values"u8) ? 4 : 0;
                r.Read();
                switch (which)
                {
                    case 1 when r.TokenType == JsonTokenType.String: address = r.GetString(); break;
                    case 2 when r.TokenType == JsonTokenType.String: mode = r.GetString(); break;
                    case 3 when r.TokenType == JsonTokenType.String: type = r.GetString(); break;
                    case 4:
                        start = (int)r.TokenStartIndex;
                        r.Skip();
                        values = new Range(start, (int)r.BytesConsumed);
                        break;
                    default: r.Skip(); break;
                }
            }
            if (mode != "data" || address is null || type is null || !PlanContext.IdentityDataTypes.Contains(type) || values.Equals(default(Range))) return;
            Context.IdentityData[address] = ReadValue(bytes[values], $"the prior state of {address}", line);
        }

        /// <summary>
        /// The change's own account evidence, top-level fields of before and after: <c>arn</c> and ARN-valued
        /// <c>id</c>, Azure ids (<c>/subscriptions/...</c>), GCP <c>project</c> and <c>self_link</c>. Values elsewhere
        /// (policy documents, references to other resources) are not the resource's own; tags come through the projection's paths.
        /// </summary>
        private IdentityHint[] ScanHints(ReadOnlySpan<byte> element, Range before, Range after, string address, int line)
        {
            List<IdentityHint>? hints = null;
            try
            {
                Scan(Slice(element, after), "after", ref hints);
                Scan(Slice(element, before), "before", ref hints);
            }
            catch (JsonException ex)
            {
                throw Error(line, $"the values of {address} are not valid JSON: {ex.Message}");
            }
            return hints is null ? [] : [.. hints];
        }

        private void Scan(ReadOnlySpan<byte> json, string side, ref List<IdentityHint>? hints)
        {
            if (json.IsEmpty) return;
            var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var isProject = r.ValueTextEquals("project"u8);
                var isOwn = isProject || r.ValueTextEquals("arn"u8) || r.ValueTextEquals("id"u8) || r.ValueTextEquals("self_link"u8);
                var nameAt = r;
                var key = isOwn ? r.GetString()! : null;
                r.Read();
                if (r.TokenType == JsonTokenType.String)
                {
                    var text = r.ValueSpan;
                    var looksAzure = text.StartsWith("/subscriptions/"u8);
                    var looksArn = text.StartsWith("arn:"u8);
                    if (isProject || looksAzure || (isOwn && (looksArn || key == "self_link")))
                    {
                        (hints ??= []).Add(Hint(Shared($"{side}.{key ?? nameAt.GetString()}"), Shared(r.GetString()!)));
                    }
                }
                else
                {
                    r.Skip();
                }
            }
        }

        /// <summary>Equal hints are one object: tags repeat across a plan's changes.</summary>
        private IdentityHint Hint(string field, string value)
        {
            if (_hints.TryGetValue((field, value), out var hint)) return hint;
            hint = new IdentityHint(field, value);
            if (_hints.Count < 50_000) _hints[(field, value)] = hint;
            return hint;
        }

        private string Shared(string value) => value.Length > 200 ? value : _hintValues.Intern(value);
    }
}
