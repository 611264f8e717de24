using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PipelineGuard.PolicyLoading;

/// <summary>
/// Loads version-1 policy files into a <see cref="PolicySet"/>. Every problem is reported with
/// file:line:column, all at once; nothing half-valid is ever returned.
/// </summary>
public static partial class PolicyLoader
{
    /// <summary>The name the built-in default policy is reported under.</summary>
    public const string BuiltInName = "builtin:default.yml";

    /// <summary>Aliases can make a small file expand enormously; past this many nodes the file is refused.</summary>
    public const int MaxExpandedNodes = 100_000;


    private static readonly string[] s_topLevelKeys = ["version", "mode", "description", "environments", "teams", "rules", "central", "adjust", "extends", "agents"];
    private static readonly string[] s_ruleKeys =
        ["id", "description", "severity", "enforcement", "when", "override", "exceptions", "rationale", "remediation", "help_uri"];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleIdPattern();

    /// <summary>The built-in default policy's YAML text.</summary>
    public static string BuiltInText()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("PipelineGuard.DefaultPolicy.yml")
            ?? throw new InvalidOperationException("the built-in default policy is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static PolicySet LoadBuiltIn() => LoadTexts([(BuiltInName, BuiltInText(), true)]);

    /// <summary>
    /// Loads the given files and folders (a folder: every *.yml / *.yaml directly in it, by name).
    /// Throws <see cref="PolicyLoadException"/> with every error found.
    /// </summary>
    public static PolicySet Load(IEnumerable<string> paths) => Load(paths.Select(p => new PolicyLocation(p)));

    /// <summary>Loads local and fetched central policy files and folders; see <see cref="PolicyLocation"/>.</summary>
    public static PolicySet Load(IEnumerable<PolicyLocation> locations)
    {
        var errors = new List<PolicyError>();
        var texts = ReadTexts(locations, errors);
        if (errors.Count > 0) throw new PolicyLoadException(errors);
        return LoadTexts(texts);
    }

    /// <summary>Reads the policy files the locations name (folders expanded), adding every problem to <paramref name="errors"/>.</summary>
    public static List<PolicyText> ReadTexts(IEnumerable<PolicyLocation> locations, List<PolicyError> errors)
    {
        var texts = new List<PolicyText>();
        foreach (var (path, origin) in locations.SelectMany(l => ExpandPaths([l.Path], errors).Select(p => (p, l.Origin))))
        {
            try
            {
                if (Inputs.InputLimits.Problem(path, Inputs.InputKind.Policy, out _) is { } problem)
                {
                    errors.Add(new PolicyError(new SourcePosition(path, 1, 1), problem));
                    continue;
                }
                var bytes = File.ReadAllBytes(path);
                texts.Add(new PolicyText(path, DecodeUtf8(path, bytes, errors), false, origin));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new PolicyError(new SourcePosition(path, 1, 1), $"cannot read the policy file: {ex.Message}"));
            }
        }
        return texts;
    }

    /// <summary>One policy text to load: its name, YAML, whether built in, and where a central one came from.</summary>
    public sealed record PolicyText(string Name, string Yaml, bool BuiltIn, string? Origin = null);

    /// <summary>Loads policy texts (name, YAML, built-in?) and merges them.</summary>
    public static PolicySet LoadTexts(IEnumerable<(string Name, string Yaml, bool BuiltIn)> texts) =>
        LoadTexts(texts.Select(t => new PolicyText(t.Name, t.Yaml, t.BuiltIn)));

    private static string DecodeUtf8(string path, byte[] bytes, List<PolicyError> errors)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            var line = 1 + bytes.AsSpan(0, Math.Max(0, Math.Min(bytes.Length, ex.Index))).Count((byte)'\n');
            errors.Add(new PolicyError(new SourcePosition(path, line, 1), "the policy file is not valid UTF-8"));
            return "";
        }
    }

    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths, List<PolicyError> errors)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    errors.Add(new PolicyError(new SourcePosition(path, 1, 1), "the policy folder holds no *.yml or *.yaml file"));
                }
                foreach (var f in files) yield return f;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                errors.Add(new PolicyError(new SourcePosition(path, 1, 1), "no such policy file or folder"));
            }
        }
    }

    /// <summary>Loads policy texts and merges them.</summary>
    public static PolicySet LoadTexts(IEnumerable<PolicyText> texts)
    {
        var errors = new List<PolicyError>();
        var files = new List<(PolicyFile File, PolicySource Source)>();
        foreach (var (name, yaml, builtIn, origin) in texts)
        {
            var context = new PolicyParseContext(name);
            var file = ParseFile(yaml, context);
            errors.AddRange(context.Errors);
            if (file is not null) files.Add((file, new PolicySource(name, Sha256(yaml), builtIn) { Origin = origin }));
        }
        if (files.Any(f => f.File.ExtendsBuiltIn) && !files.Any(f => f.Source.BuiltIn))
        {
            // "extends: builtin": the built-in rules come first; the extending file's mode governs them.
            var text = BuiltInText();
            var builtIn = ParseFile(text, new PolicyParseContext(BuiltInName));
            if (builtIn is not null) files.Insert(0, (builtIn with { Mode = null, ModePosition = null }, new PolicySource(BuiltInName, Sha256(text), true)));
        }
        if (errors.Count > 0) throw new PolicyLoadException(errors);
        return Merge(files, errors) ?? throw new PolicyLoadException(errors);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record PolicyFile(
        PolicyMode? Mode,
        SourcePosition? ModePosition,
        Dictionary<string, GlobSet> Environments,
        Dictionary<string, IReadOnlySet<string>> Teams,
        List<PolicyRule> Rules)
    {
        /// <summary>The file's <c>central</c> block: it declares itself a central pack (null when absent).</summary>
        public CentralSettings? Central { get; init; }

        /// <summary>The file's <c>adjust</c> entries: changes to rules defined in other files.</summary>
        public IReadOnlyList<RuleAdjustment> Adjustments { get; init; } = [];

        /// <summary><c>extends: builtin</c>: the built-in default policy's rules are loaded with this file.</summary>
        public bool ExtendsBuiltIn { get; init; }

        /// <summary>The file's environments with what they own (the list form declares aliases only).</summary>
        public Dictionary<string, EnvironmentDeclaration> Declarations { get; init; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The file's <c>agents</c> entries: more agent markers and dependency bots.</summary>
        public (List<AgentMarker> Markers, List<string> DependencyBots) Agents { get; init; } = ([], []);
    }

    private static PolicyFile? ParseFile(string yaml, PolicyParseContext context)
    {
        YamlStream stream;
        var lastRead = Mark.Empty;
        try
        {
            var parser = new DepthLimitedParser(new Parser(new StringReader(yaml)), MaxNestingDepth);
            try
            {
                stream = new YamlStream();
                stream.Load(parser);
            }
            finally
            {
                lastRead = parser.LastRead;
            }
        }
        catch (DepthLimitedParser.TooDeepException deep)
        {
            context.Error(new SourcePosition(context.File, (int)deep.At.Line, (int)deep.At.Column),
                $"the policy nests lists and maps more than {MaxNestingDepth} levels deep; refusing it");
            return null;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
            context.Error(new SourcePosition(context.File, (int)ex.Start.Line, (int)ex.Start.Column), $"not valid YAML: {Clean(message)}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these (not a YamlException) on some malformed files (its scanner on odd plain scalars,
            // its node loader on an event it does not expect); the file is still just a bad file.
            context.Error(new SourcePosition(context.File, (int)Math.Max(1, lastRead.Line), (int)Math.Max(1, lastRead.Column)),
                $"not valid YAML: the YAML reader stopped after this point ({Clean(ex.Message)}); check the quoting and the brackets that follow");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            context.Error(new SourcePosition(context.File, 1, 1), "the policy file is empty; it needs 'version: 1' and 'rules'");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "a policy file holds one YAML document; split the others into their own files");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        var size = ExpandedSize(root, new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance), 0);
        if (size > MaxExpandedNodes)
        {
            context.Error(root, $"the policy expands to more than {MaxExpandedNodes} nodes through YAML aliases (an alias bomb?); refusing it");
            return null;
        }
        if (root is not YamlMappingNode rootMap)
        {
            context.Error(root, "a policy file must be a mapping with 'version: 1' and 'rules'");
            return null;
        }
        var top = new YamlMap(rootMap, context, "policy");
        var version = top.Integer("version");
        if (version is null && !top.Has("version")) top.Error("version", "'version' is required; this format is version 1 (write 'version: 1')");
        else if (version is not null and not 1) top.Error("version", $"policy format version {version} is not known to this pipeline-guard, which reads version 1");
        var mode = top.Word("mode", PolicyWords.Mode);
        var modePosition = top.Has("mode") ? top.PositionOf("mode") : (SourcePosition?)null;
        top.String("description");
        var environments = new Dictionary<string, GlobSet>(StringComparer.OrdinalIgnoreCase);
        var declarations = new Dictionary<string, EnvironmentDeclaration>(StringComparer.OrdinalIgnoreCase);
        if (top.Map("environments", "environments") is { } envMap)
        {
            foreach (var name in envMap.Keys.ToList())
            {
                if (envMap.Raw(name) is YamlMappingNode)
                {
                    // The map form: aliases beside what the environment owns (accounts, projects, subscriptions, tags, databases).
                    var declaration = EnvironmentDeclaration.Parse(name, envMap.Map(name, $"environment '{name}'")!);
                    // No aliases: the name alone (an empty alias set would match every environment).
                    if (declaration.Aliases.Globs.Count > 0) environments[name] = declaration.Aliases;
                    declarations[name] = declaration;
                }
                else
                {
                    environments[name] = envMap.Globs(name, ignoreCase: true);
                    declarations[name] = EnvironmentDeclaration.AliasesOnly(name, environments[name]);
                }
            }
        }
        var teams = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        if (top.Map("teams", "teams") is { } teamMap)
        {
            foreach (var name in teamMap.Keys.ToList())
            {
                teams[name] = new HashSet<string>(teamMap.StringList(name), StringComparer.OrdinalIgnoreCase);
            }
        }
        var extends = top.String("extends");
        if (extends is not null and not "builtin") top.Error("extends", $"'extends' takes 'builtin' (the built-in default policy), not '{extends}'; central packs are given with --policy git+https://...");
        var rules = new List<PolicyRule>();
        if (!top.Has("rules") && !top.Has("adjust") && extends is null) top.Error("rules", "'rules' is required (a list of rules)");
        foreach (var ruleMap in top.MapList("rules", i => $"rules[{i}]"))
        {
            var rule = ParseRule(ruleMap, context);
            if (rule is not null) rules.Add(rule);
        }
        var agents = top.Map("agents", "agents") is { } agentMap ? AgentMarkers.Parse(agentMap) : ([], []);
        var central = CentralSettings.Parse(top.Map("central", "central"));
        var adjustments = top.MapList("adjust", i => $"adjust[{i}]").Select(RuleAdjustment.Parse).OfType<RuleAdjustment>().ToList();
        top.RejectUnknownKeys(s_topLevelKeys);
        return new PolicyFile(mode, modePosition, environments, teams, rules) { Central = central, Adjustments = adjustments, Declarations = declarations, Agents = agents, ExtendsBuiltIn = extends == "builtin" };
    }

    /// <summary>Policies nest a few levels; the YAML loader recurses per level, so a deeper file would overflow the stack.</summary>
    public const int MaxNestingDepth = 64;

    private static string Clean(string message) => message.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static long ExpandedSize(YamlNode node, Dictionary<YamlNode, long> memo, int depth)
    {
        if (memo.TryGetValue(node, out var known)) return known;
        if (depth > 200) return long.MaxValue / 4;
        memo[node] = long.MaxValue / 4; // a cycle counts as infinite
        long size = 1;
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    size += ExpandedSize(k, memo, depth + 1) + ExpandedSize(v, memo, depth + 1);
                    if (size > MaxExpandedNodes) break;
                }
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    size += ExpandedSize(item, memo, depth + 1);
                    if (size > MaxExpandedNodes) break;
                }
                break;
        }
        memo[node] = size;
        return size;
    }

    private static PolicyRule? ParseRule(YamlMap map, PolicyParseContext context)
    {
        var id = map.String("id", required: true);
        if (id is not null && !RuleIdPattern().IsMatch(id))
        {
            map.Error("id", $"rule id '{id}' must be lower-case letters, digits and single dashes ([a-z0-9-]+)");
            id = null;
        }
        var what = id is null ? map.What : $"rule '{id}'";
        var rule = map.Named(what);
        var description = rule.String("description") ?? "";
        var severity = rule.Word("severity", PolicyWords.Severity) ?? Severity.High;
        var enforcement = rule.Word("enforcement", PolicyWords.Enforcement) ?? Enforcement.Block;
        var scope = ParseScope(rule.Map("when", $"{what} when"));
        var overrides = ParseOverride(rule.Map("override", $"{what} override"));
        var exceptions = rule.MapList("exceptions", i => $"{what} exceptions[{i}]").Select(Waiver.Parse).OfType<Waiver>().ToList();
        var rationale = rule.String("rationale");
        var remediation = rule.String("remediation");
        var helpUri = rule.String("help_uri");

        var kinds = rule.Keys.Where(CheckKinds.All.ContainsKey).ToList();
        var unknownKinds = rule.Keys.Where(k => !s_ruleKeys.Contains(k) && !CheckKinds.All.ContainsKey(k)).ToList();
        ICheck? check = null;
        if (kinds.Count == 0 && unknownKinds.Count > 0)
        {
            var key = unknownKinds[0];
            var suggestion = YamlMap.Suggest(key, [.. CheckKinds.All.Keys, .. s_ruleKeys]);
            context.Error(rule.KeyPosition(key), $"{what}: '{key}' is not a check kind{suggestion}; a rule needs exactly one of {string.Join(" | ", CheckKinds.All.Keys)}");
            rule.MarkRead(key);
        }
        else if (kinds.Count == 0)
        {
            rule.Error("id", $"a rule needs exactly one check kind: {string.Join(" | ", CheckKinds.All.Keys)}");
        }
        else if (kinds.Count > 1)
        {
            rule.Error(kinds[1], $"a rule has exactly one check kind, not {string.Join(" and ", kinds)}; split it into two rules");
        }
        else
        {
            var kind = kinds[0];
            var node = rule.Raw(kind);
            if (node is YamlMappingNode checkNode)
            {
                check = CheckKinds.All[kind].Parse(new YamlMap(checkNode, context, $"{what} {kind}"), context);
            }
            else
            {
                context.Error(node!, $"{what}: '{kind}' must be a mapping of its options");
            }
        }
        rule.RejectUnknownKeys([.. s_ruleKeys, .. kinds]);
        if (id is null || check is null) return null;
        return new PolicyRule(id, description, severity, enforcement, scope, check, overrides, exceptions, rule.Position)
        {
            Rationale = rationale,
            Remediation = remediation,
            HelpUri = helpUri,
        };
    }

    private static RuleScope ParseScope(YamlMap? map)
    {
        if (map is null) return RuleScope.Everywhere;
        var environments = map.StringList("environments");
        var services = map.Globs("services", ignoreCase: true);
        var branches = map.Globs("branches");
        var madeBy = map.String("made_by");
        if (madeBy is not null and not "agent" and not "human") map.Error("made_by", $"'made_by' is agent or human, not '{madeBy}'");
        map.RejectUnknownKeys(["environments", "services", "branches", "made_by"]);
        return new RuleScope(environments, services, branches) { MadeBy = madeBy is "agent" or "human" ? madeBy : null };
    }

    private static OverrideOptions? ParseOverride(YamlMap? map)
    {
        if (map is null) return null;
        var tags = map.StringList("commit_tags");
        string? trailer = null;
        if (map.Raw("trailer") is YamlScalarNode trailerNode)
        {
            trailer = trailerNode.Value switch
            {
                "true" => "Guard-Override",
                "false" or null or "" => null,
                var name when TrailerName().IsMatch(name) => name,
                var name => Invalid(trailerNode, name),
            };
        }
        else if (map.Has("trailer"))
        {
            map.Error("trailer", "'trailer' must be a trailer name such as Guard-Override");
        }
        ApprovalRequirement? approvals = null;
        if (map.Map("approvals") is { } a)
        {
            var min = a.Integer("min", 1, 100) ?? 1;
            var teams = a.StringList("teams");
            var users = a.StringList("users");
            var excludeAuthor = a.Bool("exclude_author") ?? true;
            a.RejectUnknownKeys(["min", "teams", "users", "exclude_author"]);
            approvals = new ApprovalRequirement((int)min, teams, users, excludeAuthor);
        }
        var actionApproval = ActionApprovalRequirement.Parse(map.Map("action_approval", $"{map.What} action_approval"));
        map.RejectUnknownKeys(["commit_tags", "trailer", "approvals", "action_approval"]);
        if (tags.Count == 0 && trailer is null && approvals is null && actionApproval is null)
        {
            map.Error("commit_tags", "'override' needs at least one of commit_tags, trailer, approvals, action_approval");
        }
        return new OverrideOptions(tags, trailer, approvals) { ActionApproval = actionApproval };

        string? Invalid(YamlScalarNode node, string name)
        {
            map.Context.Error(node, $"{map.What}: '{name}' is not a trailer name (letters, digits and dashes, like Guard-Override)");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailerName();


    /// <summary>
    /// A central pack that does not allow weakening keeps its mode, its teams' members and its environments'
    /// aliases: a local file may not set another mode, add members or change the aliases (the scope a rule judges).
    /// </summary>
    private static void GuardCentralSettings(List<(PolicyFile File, PolicySource Source)> files, List<PolicyError> errors)
    {
        var closed = files.Where(f => (f.File.Central ?? (f.Source.Origin is null ? null : CentralSettings.Closed)) is { AllowWeakening: false }).ToList();
        if (closed.Count == 0) return;
        foreach (var (file, source) in files.Except(closed))
        {
            var where = file.ModePosition ?? new SourcePosition(source.File, 1, 1);
            if (file.Mode is PolicyMode.Audit && closed.All(c => c.File.Mode != PolicyMode.Audit))
            {
                errors.Add(new PolicyError(where,
                    $"mode 'audit' would change the mode of the central pack {Describe(closed[0].Source)}, which does not allow weakening (central.allow_weakening is false); remove 'mode' here"));
            }
            foreach (var name in file.Teams.Keys.Where(t => closed.Any(c => c.File.Teams.ContainsKey(t))))
            {
                errors.Add(new PolicyError(new SourcePosition(source.File, 1, 1),
                    $"team '{name}' is defined by the central pack {Describe(closed.First(c => c.File.Teams.ContainsKey(name)).Source)}, which does not allow weakening: a local file cannot add members to it; define a team of your own"));
            }
            foreach (var name in file.Environments.Keys.Where(e => closed.Any(c => c.File.Environments.ContainsKey(e) || c.File.Rules.Any(r => r.When.Environments.Contains(e, StringComparer.OrdinalIgnoreCase)))))
            {
                errors.Add(new PolicyError(new SourcePosition(source.File, 1, 1),
                    $"environment '{name}' is used by the central pack {Describe(closed[0].Source)}, which does not allow weakening: a local file cannot change its aliases; ask the pack's owners"));
            }
        }

        static string Describe(PolicySource s) => s.Origin is { } origin ? $"{origin} ({s.File})" : s.File;
    }

    /// <summary>A central pack with <c>allow_broad_exceptions: false</c> refuses, in every loaded file, exceptions that waive everything or last over a year.</summary>
    private static void GuardBroadExceptions(List<(PolicyFile File, PolicySource Source)> files, IReadOnlyList<PolicyRule> rules, List<PolicyError> errors)
    {
        var forbidding = files.FirstOrDefault(f => f.File.Central is { AllowBroadExceptions: false });
        if (forbidding.File is null) return;
        var today = SystemClock.Instance.GetCurrentInstant();
        foreach (var rule in rules)
        {
            foreach (var exception in rule.Exceptions)
            {
                if (exception.Broadness(today) is { } why)
                {
                    errors.Add(new PolicyError(exception.Position,
                        $"rule '{rule.Id}': this exception is refused because {why}, and the central pack {forbidding.Source.File} forbids broad exceptions (central.allow_broad_exceptions is false); name the targets and expire it within a year"));
                }
            }
        }
    }

    private static PolicySet? Merge(List<(PolicyFile File, PolicySource Source)> files, List<PolicyError> errors)
    {
        GuardCentralSettings(files, errors);
        var rules = new List<PolicyRule>();
        var ids = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var environments = new Dictionary<string, GlobSet>(StringComparer.OrdinalIgnoreCase);
        var teams = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        var declarations = new Dictionary<string, EnvironmentDeclaration>(StringComparer.OrdinalIgnoreCase);
        (PolicyMode Mode, SourcePosition Where)? mode = null;
        var owners = new Dictionary<string, RuleOwner>(StringComparer.Ordinal);
        foreach (var (file, source) in files)
        {
            if (file.Mode is { } m && file.ModePosition is { } where)
            {
                if (mode is { } prior && prior.Mode != m)
                {
                    errors.Add(new PolicyError(where,
                        $"mode '{ContractWords.Of(m)}' disagrees with mode '{ContractWords.Of(prior.Mode)}' at {prior.Where}; set the mode in one file, or pass --mode"));
                }
                mode ??= (m, where);
            }
            foreach (var rule in file.Rules)
            {
                if (ids.TryGetValue(rule.Id, out var first))
                {
                    errors.Add(new PolicyError(rule.Position, $"rule id '{rule.Id}' is already defined at {first}; rule ids are unique across all policy files"));
                    continue;
                }
                ids[rule.Id] = rule.Position;
                rules.Add(rule);
                owners[rule.Id] = new RuleOwner(source, file.Central ?? (source.Origin is null ? null : CentralSettings.Closed));
            }
            foreach (var (name, globs) in file.Environments)
            {
                environments[name] = environments.TryGetValue(name, out var existing)
                    ? new GlobSet(existing.Globs.Concat(globs.Globs))
                    : globs;
            }
            foreach (var (name, declaration) in file.Declarations)
            {
                declarations[name] = declarations.TryGetValue(name, out var existing) ? existing.Merge(declaration) : declaration;
            }
            foreach (var (name, members) in file.Teams)
            {
                teams[name] = teams.TryGetValue(name, out var existing)
                    ? new HashSet<string>(existing.Concat(members), StringComparer.OrdinalIgnoreCase)
                    : members;
            }
        }
        if (errors.Count > 0) return null;
        var adjusted = RuleAdjustment.ApplyAll(rules, owners, files.SelectMany(f => f.File.Adjustments), errors);
        GuardBroadExceptions(files, adjusted, errors);
        if (errors.Count > 0) return null;
        return new PolicySet(mode?.Mode ?? PolicyMode.Enforce, environments, teams, adjusted, [.. files.Select(f => f.Source)])
        {
            EnvironmentDeclarations = declarations,
            AgentMarkers = AgentMarkers.BuiltIn.With(files.SelectMany(f => f.File.Agents.Markers), files.SelectMany(f => f.File.Agents.DependencyBots)),
        };
    }
}
