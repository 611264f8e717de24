using System.Security.Cryptography;
using NodaTime;
using NodaTime.Text;
using PipelineGuard.Audit;
using PipelineGuard.Deploy;
using PipelineGuard.Deploy.Context;
using PipelineGuard.Engine;
using PipelineGuard.Inputs;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Reporting;
using PipelineGuard.Sql;
using PipelineGuard.Terraform;

namespace PipelineGuard.Cli.Commands;

/// <summary>
/// <c>check</c>: collect facts (plans, migrations, deploy context), evaluate the policy, write
/// the reports and return the contract's exit code.
/// </summary>
public static class CheckCommand
{
    public static int Run(CheckOptions options, CommandIo io)
    {
        CheckReports.MaskSecrets(io);
        var (policy, policyNotices) = options.PolicyRef is { } policyRef
            ? PolicyDiscovery.LoadAtRef(options.Policies, io, policyRef, options.RepositoryDirectory ?? io.WorkingDirectory)
            : (PolicyDiscovery.Load(options.Policies, io), []);
        if (policy.Rules.Count == 0)
        {
            // A policy that judges nothing passes everything: refuse it rather than print a green result.
            throw new UsageException($"the policy ({string.Join(", ", policy.Sources.Select(s => s.File))}) has no rules, so nothing would be judged; add rules or extend the built-in policy (extends: builtin)");
        }
        var secrets = SecretRedaction.For(policy, io.Environment);
        // Masked before anything else is printed, so the job log hides a token even if some output echoes it.
        foreach (var mask in secrets.MaskCommands(io.Environment)) CommandSafeWriter.Command(io.Out, mask);
        var mode = ParseMode(options.Mode);
        var wait = ParseWait(options.WaitForApproval);
        var facts = CollectFacts(options, policy, io);
        var judged = ActionApprovalRun.Evaluate(policy, facts, mode, wait, io);
        var evaluation = secrets.Apply(policyNotices.Count == 0 ? judged : judged with { Notices = [.. policyNotices, .. judged.Notices] });
        WriteReports(evaluation, options, io);
        return evaluation.ExitCode;
    }

    /// <summary>"90s", "30m", "2h" (or ISO-8601 PT30M); bounded so a pipeline never waits unboundedly.</summary>
    internal static TimeSpan? ParseWait(string? text)
    {
        if (text is null) return null;
        var t = text.Trim();
        TimeSpan? value = null;
        if (t.Length > 1 && long.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            value = char.ToLowerInvariant(t[^1]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                _ => null,
            };
        }
        if (value is null && t.StartsWith("PT", StringComparison.OrdinalIgnoreCase))
        {
            try { value = System.Xml.XmlConvert.ToTimeSpan(t); } catch (FormatException) { }
        }
        if (value is not { } v || v <= TimeSpan.Zero || v > TimeSpan.FromHours(12))
        {
            throw new UsageException($"--wait-for-approval must be a duration from 1s to 12h such as 30m, 90s or 2h, not '{text}'");
        }
        return v;
    }

    /// <summary>
    /// Reads every input the options name (plans, migrations, context) into facts for this policy.
    /// <c>check</c> and <c>test</c> both go through here, so a policy test sees exactly what a run would.
    /// </summary>
    public static EvaluationFacts CollectFacts(CheckOptions options, PolicySet policy, CommandIo io)
    {
        var now = ParseNow(options.Now) ?? SystemClock.Instance.GetCurrentInstant();
        var inputs = new List<InputFile>();
        // The .tf scan is file-system work that needs no plan: it runs beside the plan reading and is joined after.
        var sources = options.Plans.Count > 0 ? Task.Run(() => CheckReports.ScanTerraformSources(options, io)) : null;
        var plans = ReadPlans(options.Plans, policy, io, inputs);
        var migrations = ReadMigrations(options, policy, io, inputs);
        // A trace rule in the policy is what turns the trace on: no flag or local setting turns it off.
        var trace = TraceCommand.PolicyNeedsTrace(policy) && migrations.Files.Count > 0
            ? TraceCommand.Run(migrations, options.Postgres, options.AssumeInTransaction, null, io)
            : null;
        var env = DeployEnvironment(io);
        var context = BuildContext(options, io, env, inputs);
        var facts = new EvaluationFacts { Now = now, Context = context, Inputs = inputs }
            .WithPlans(plans, sources is not null ? sources.GetAwaiter().GetResult() : TerraformSourceIndex.Empty)
            .With(migrations);
        if (trace is not null) facts = facts.With(trace);
        // Incident sources, platform approvals and GitHub teams are read once, before the pure evaluation.
        return DeployFactsFetcher.FetchAsync(policy, facts, env).GetAwaiter().GetResult();
    }

    internal static PolicyMode? ParseMode(string? mode) => mode switch
    {
        null => null,
        "audit" => PolicyMode.Audit,
        "enforce" => PolicyMode.Enforce,
        _ => throw new UsageException($"--mode must be audit or enforce, not '{mode}'"),
    };

    internal static Instant? ParseNow(string? text)
    {
        if (text is null) return null;
        var instant = InstantPattern.ExtendedIso.Parse(text);
        if (instant.Success) return instant.Value;
        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (offset.Success) return offset.Value.ToInstant();
        throw new UsageException($"--now must be an ISO-8601 instant such as 2026-11-21T10:00:00Z, not '{text}'");
    }

    private static List<TerraformPlan> ReadPlans(IReadOnlyList<string> paths, PolicySet policy, CommandIo io, List<InputFile> inputs)
    {
        var plans = new List<TerraformPlan>();
        if (paths.Count == 0) return plans;
        var projection = TerraformCheck.ProjectionOf(policy);
        // The canonical per-change digest costs a pass over each change; only action-level approvals need it.
        var digestChanges = policy.Rules.Any(r => r.Override?.ActionApproval is not null);
        foreach (var path in paths)
        {
            var (plan, sha) = PlanReader.ReadFileWithDigest(io.Resolve(path), projection, path, digestChanges);
            plans.Add(plan);
            inputs.Add(new InputFile(path, "plan", sha));
        }
        return plans;
    }

    private static MigrationSet ReadMigrations(CheckOptions options, PolicySet policy, CommandIo io, List<InputFile> inputs)
    {
        if (options.Migrations.Count == 0)
        {
            if (options.ChangedSince is not null) throw new UsageException("--changed-since needs --migrations: it selects which migrations are checked");
            return MigrationSet.Empty;
        }
        var (set, read) = MigrationCollector.Collect(options.Migrations, options.ChangedSince, io.WorkingDirectory,
            SqlNeeds.Of(policy.Rules.Select(r => r.Check), keepTexts: TraceCommand.PolicyNeedsTrace(policy)));
        inputs.AddRange(read);
        return set;
    }

    /// <summary>CI platform variables, then the --context file, then the flags; git fills in the commit.</summary>
    private static DeployContext BuildContext(CheckOptions options, CommandIo io, IReadOnlyDictionary<string, string> env, List<InputFile> inputs)
    {
        string? contextFile = null;
        if (options.ContextFile is { } given)
        {
            contextFile = io.Resolve(given);
            // Type and size first: /dev/zero or a FIFO as --context is refused before a byte is read.
            InputLimits.Check(contextFile, InputKind.Context, given);
            inputs.Add(new InputFile(given, "context", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(contextFile)))));
        }
        var flags = new ContextFlags(options.Environment, options.Service, options.Actor, options.Commit);
        return DeployContextCollector.Collect(env, contextFile, flags, options.RepositoryDirectory ?? io.WorkingDirectory, readGit: options.ReadGit);
    }

    internal static Dictionary<string, string> DeployEnvironment(CommandIo io)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in io.Environment)
        {
            if (value is not null) env[name] = value;
        }
        return env;
    }

    private static void WriteReports(Evaluation evaluation, CheckOptions options, CommandIo io)
    {
        var files = CheckReports.WriteFiles(evaluation, options, io);
        string? auditHead = null;
        if (options.AuditLog is { } auditLog)
        {
            var key = AuditLog.KeyFrom(io.Env(AuditLog.KeyVariable));
            auditHead = AuditLog.Append(io.Resolve(auditLog), AuditRecord.FromEvaluation(evaluation, Guid.NewGuid().ToString("N")), key);
        }
        var color = ConsoleReport.ShouldColor(io.Environment) && io.Terminal;
        // On GitHub the runner itself ignores commands between stop-commands and its random token.
        var resume = CheckReports.Platform(io) == PlatformNames.GitHub ? RandomNumberGenerator.GetHexString(32, lowercase: true) : null;
        if (resume is not null) CommandSafeWriter.Command(io.Out, $"::stop-commands::{resume}");
        new ConsoleReport(io.Out, color, options.Quiet, new RepositoryPaths(io.WorkingDirectory, CheckReports.RepositoryRoot(io))).Write(evaluation);
        if (resume is not null) CommandSafeWriter.Command(io.Out, $"::{resume}::");
        if (auditHead is not null && !options.Quiet) io.Out.WriteLine($"audit log: {options.AuditLog} head {auditHead}");
        CheckReports.PublishToPlatform(evaluation, io, files, auditHead);
    }
}

/// <summary>A bad invocation: exit code 2 with the message.</summary>
public sealed class UsageException(string message) : Exception(message);
