using NodaTime;
using NodaTime.Text;
using System.Security.Cryptography;
using PipelineGuard.Audit;
using PipelineGuard.Deploy;
using PipelineGuard.Deploy.Context;
using PipelineGuard.Engine;
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
        var policy = PolicyDiscovery.Load(options.Policies, io);
        var secrets = SecretRedaction.For(policy, io.Environment);
        // Masked before anything else is printed, so the job log hides a token even if some output echoes it.
        foreach (var mask in secrets.MaskCommands(io.Environment)) io.Out.WriteLine(mask);
        var mode = ParseMode(options.Mode);
        var facts = CollectFacts(options, policy, io);
        var evaluation = secrets.Apply(PolicyEvaluator.Evaluate(policy, facts, mode));
        WriteReports(evaluation, options, io);
        return evaluation.ExitCode;
    }

    /// <summary>
    /// Reads every input the options name (plans, migrations, context) into facts for this policy.
    /// <c>check</c> and <c>test</c> both go through here, so a policy test sees exactly what a run would.
    /// </summary>
    public static EvaluationFacts CollectFacts(CheckOptions options, PolicySet policy, CommandIo io)
    {
        var now = ParseNow(options.Now) ?? SystemClock.Instance.GetCurrentInstant();
        var inputs = new List<InputFile>();
        var plans = ReadPlans(options.Plans, policy, io, inputs);
        var migrations = ReadMigrations(options, io, inputs);
        // A trace rule in the policy is what turns the trace on: no flag or local setting turns it off.
        var trace = TraceCommand.PolicyNeedsTrace(policy) && migrations.Files.Count > 0
            ? TraceCommand.Run(migrations, options.Postgres, options.AssumeInTransaction, null, io)
            : null;
        var env = DeployEnvironment(io);
        var context = BuildContext(options, io, env, inputs);
        var facts = new EvaluationFacts
        {
            Now = now,
            Context = context,
            Plans = plans,
            Migrations = migrations,
            Trace = trace,
            Inputs = inputs,
            TerraformSources = plans.Count > 0 ? CheckReports.ScanTerraformSources(options, io) : TerraformSourceIndex.Empty,
        };
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
        var projection = TerraformCheck.ProjectionOf(policy.Rules);
        foreach (var path in paths)
        {
            var (plan, sha) = PlanReader.ReadFileWithDigest(io.Resolve(path), projection, path);
            plans.Add(plan);
            inputs.Add(new InputFile(path, "plan", sha));
        }
        return plans;
    }

    private static MigrationSet ReadMigrations(CheckOptions options, CommandIo io, List<InputFile> inputs)
    {
        if (options.Migrations.Count == 0)
        {
            if (options.ChangedSince is not null) throw new UsageException("--changed-since needs --migrations: it selects which migrations are checked");
            return MigrationSet.Empty;
        }
        var (set, read) = MigrationCollector.Collect(options.Migrations, options.ChangedSince, io.WorkingDirectory);
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
            if (Directory.Exists(contextFile)) throw new InputException(given, null, null, "is a folder, not a context file");
            if (!File.Exists(contextFile)) throw new InputException(given, null, null, "the context file does not exist");
            inputs.Add(new InputFile(given, "context", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(contextFile)))));
        }
        var flags = new ContextFlags(options.Environment, options.Service, options.Actor, options.Commit);
        return DeployContextCollector.Collect(env, contextFile, flags, io.WorkingDirectory, readGit: options.ReadGit);
    }

    private static Dictionary<string, string> DeployEnvironment(CommandIo io)
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
        if (options.AuditLog is { } auditLog) AuditLog.Append(io.Resolve(auditLog), AuditRecord.FromEvaluation(evaluation, Guid.NewGuid().ToString("N")));
        var color = ConsoleReport.ShouldColor(io.Environment) && io.Out == Console.Out;
        new ConsoleReport(io.Out, color, options.Quiet).Write(evaluation);
        CheckReports.PublishToPlatform(evaluation, io, files);
    }
}

/// <summary>A bad invocation: exit code 2 with the message.</summary>
public sealed class UsageException(string message) : Exception(message);
