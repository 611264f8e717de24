using System.CommandLine;
using PipelineGuard.Cli.Commands;
using PipelineGuard.Model;
using PipelineGuard.Policy;
using PipelineGuard.Reporting;

namespace PipelineGuard.Cli;

/// <summary>The command line: System.CommandLine wiring only; each command's work is in Commands/.</summary>
public static partial class Cli
{
    public static int Run(string[] args, CommandIo io)
    {
        // Every line printed passes the command guard: no input text becomes a CI command.
        // A nested run (the github-action entrypoint calls check) keeps the one guard, so its commands stay commands.
        if (io.Out is CommandSafeWriter && io.Error is CommandSafeWriter) return RunGuarded(args, io);
        var stdout = new CommandSafeWriter(io.Out);
        var stderr = new CommandSafeWriter(io.Error);
        var code = RunGuarded(args, io with { Out = stdout, Error = stderr });
        try
        {
            stdout.Complete();
            stderr.Complete();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The console went away after the verdict: a step whose report was lost never passes.
            return code == ExitCodes.Allowed ? ExitCodes.InternalError : code;
        }
        return code;
    }

    private static int RunGuarded(string[] args, CommandIo io)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an internal error, print the stack trace.", Recursive = true };
        var root = new RootCommand("pipeline-guard: a policy gate for deploys. Judges terraform plans, SQL migrations and deploy context against policies kept in the repository.");
        root.Options.Add(verbose);
        root.Subcommands.Add(BuildCheck(io));
        root.Subcommands.Add(BuildValidate(io));
        root.Subcommands.Add(BuildExplain(io));
        root.Subcommands.Add(BuildTrace(io));
        AddPolicyAsCodeCommands(root, io);
        root.Subcommands.Add(BuildHook(io));
        root.Subcommands.Add(BuildGitHubAction(io));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) io.Error.WriteLine($"pipeline-guard: {error.Message}");
            io.Error.WriteLine("Run 'pipeline-guard --help' for usage.");
            return ExitCodes.NotEvaluated;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = io.Out, Error = io.Error });
        }
        catch (Exception ex)
        {
            return Fail(ex, parse.GetValue(verbose), io);
        }
    }

    /// <summary>Every failure has an exit code: 2 for what could not be read or understood, 3 for a bug.</summary>
    internal static int Fail(Exception ex, bool verbose, CommandIo io)
    {
        switch (ex)
        {
            case PolicyLoadException policy:
                foreach (var error in policy.Errors) io.Error.WriteLine($"error: {LogText.Inline(error.ToString())}");
                io.Error.WriteLine($"pipeline-guard: the policy is invalid ({policy.Errors.Count} error{(policy.Errors.Count == 1 ? "" : "s")}); nothing was evaluated.");
                return ExitCodes.NotEvaluated;
            case InputException input:
                io.Error.WriteLine($"error: {LogText.Inline(input.Message)}");
                io.Error.WriteLine("pipeline-guard: an input could not be read; nothing was evaluated and the step fails.");
                return ExitCodes.NotEvaluated;
            case Trace.PostgresUnavailableException postgres:
                io.Error.WriteLine($"error: {postgres.Message}");
                io.Error.WriteLine("pipeline-guard: the migrations could not be traced; nothing was evaluated and the step fails.");
                return ExitCodes.NotEvaluated;
            case UsageException usage:
                io.Error.WriteLine($"pipeline-guard: {LogText.Inline(usage.Message)}");
                return ExitCodes.NotEvaluated;
            default:
                io.Error.WriteLine($"pipeline-guard: internal error (a bug): {ex.GetType().Name}: {LogText.Inline(ex.Message)}");
                io.Error.WriteLine("The step fails: a guard never passes what it could not evaluate. Please report this with the command line and, if you can, the inputs.");
                if (verbose) io.Error.WriteLine(ex.ToString());
                else io.Error.WriteLine("Run again with --verbose for the stack trace.");
                return ExitCodes.InternalError;
        }
    }

    private static Command BuildCheck(CommandIo io)
    {
        var policy = new Option<string[]>("--policy") { Description = "Policy file or folder (repeatable). Default: .pipeline-guard.yml or policies/ if present, else the built-in default policy." };
        var plan = new Option<string[]>("--plan") { Description = "A terraform/OpenTofu plan in JSON form (terraform show -json plan.out > plan.json); repeatable." };
        var migrations = new Option<string[]>("--migrations") { Description = "SQL migration scripts: a folder (searched recursively for *.sql) or a file; repeatable." };
        var changedSince = new Option<string?>("--changed-since") { Description = "Only migrations added or modified since this git ref (merge-base with HEAD)." };
        var context = new Option<string?>("--context") { Description = "Deploy metadata as JSON; the flags below override its fields." };
        var environment = new Option<string?>("--environment") { Description = "The environment deployed to (e.g. production)." };
        var service = new Option<string?>("--service") { Description = "The service deployed." };
        var actor = new Option<string?>("--actor") { Description = "Who triggered the deploy." };
        var commit = new Option<string?>("--commit") { Description = "The commit deployed." };
        var now = new Option<string?>("--now") { Description = "Evaluate time windows at this ISO-8601 instant instead of the clock." };
        var mode = new Option<string?>("--mode") { Description = "audit | enforce: overrides the policy's mode. audit never fails the step." };
        mode.AcceptOnlyFromAmong("audit", "enforce");
        var reports = Reporters.All.Select(r => (Reporter: r, Option: new Option<string?>(r.Option) { Description = r.Help })).ToList();
        var auditLog = new Option<string?>("--audit-log") { Description = "Append one JSON line per rule decision to this hash-chained log." };
        var sourceRoot = new Option<string?>("--source-root") { Description = "Where the .tf sources are, to point terraform findings at their resource blocks. Default: the workspace." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only blocking findings and the verdict." };
        var policyRef = new Option<string?>("--policy-ref") { Description = "Read the policy files as they are at this git ref (e.g. the pull request's base branch), not from the working tree, so a change cannot weaken the policy that judges it." };
        var waitForApproval = new Option<string?>("--wait-for-approval") { Description = "When only action-level approvals can lift the block, poll for them this long (e.g. 30m, 2h; at most 12h) instead of failing at once." };
        var postgres = PostgresOption();
        var assumeInTransaction = AssumeInTransactionOption();
        var command = new Command("check", "Evaluate the inputs against the policy; the main job. Exit 0 allowed, 1 blocked, 2 not evaluated (bad input or policy), 3 internal error.")
        {
            policy, plan, migrations, changedSince, context, environment, service, actor, commit, now, mode,
        };
        foreach (var (_, option) in reports) command.Options.Add(option);
        foreach (var option in new Option[] { auditLog, sourceRoot, quiet, policyRef, waitForApproval, postgres, assumeInTransaction }) command.Options.Add(option);
        command.SetAction(parse => CheckCommand.Run(new CheckOptions
        {
            Policies = parse.GetValue(policy) ?? [],
            Plans = parse.GetValue(plan) ?? [],
            Migrations = parse.GetValue(migrations) ?? [],
            ChangedSince = parse.GetValue(changedSince),
            ContextFile = parse.GetValue(context),
            Environment = parse.GetValue(environment),
            Service = parse.GetValue(service),
            Actor = parse.GetValue(actor),
            Commit = parse.GetValue(commit),
            Now = parse.GetValue(now),
            Mode = parse.GetValue(mode),
            Reports = reports.Where(r => parse.GetValue(r.Option) is not null).ToDictionary(r => r.Reporter, r => parse.GetValue(r.Option)!),
            AuditLog = parse.GetValue(auditLog),
            SourceRoot = parse.GetValue(sourceRoot),
            Quiet = parse.GetValue(quiet),
            PolicyRef = parse.GetValue(policyRef),
            WaitForApproval = parse.GetValue(waitForApproval),
            Postgres = parse.GetValue(postgres),
            AssumeInTransaction = parse.GetValue(assumeInTransaction),
        }, io));
        return command;
    }

    private static Option<string?> PostgresOption() => new("--postgres")
    {
        Description = "Trace on this PostgreSQL server (postgres://user:pass@host:port/db or a connection string) in a database created and dropped for the run; default: an embedded throwaway server.",
    };

    private static Option<bool> AssumeInTransactionOption() => new("--assume-in-transaction")
    {
        Description = "Trace each migration file inside one transaction, as Flyway and Liquibase run them (files marked to run outside one excepted).",
    };

    private static Command BuildTrace(CommandIo io)
    {
        var migrations = new Option<string[]>("--migrations") { Description = "SQL migration scripts (PostgreSQL): a folder or a file; repeatable." };
        var changedSince = new Option<string?>("--changed-since") { Description = "Migrations unchanged since this git ref are applied first (the base schema); only the others are traced." };
        var postgres = PostgresOption();
        var assumeInTransaction = AssumeInTransactionOption();
        var timeout = new Option<string?>("--statement-timeout") { Description = "Cancel a statement still running after this many seconds (default 60) and report it as failed." };
        var json = new Option<string?>("--json") { Description = "Write the trace as JSON here." };
        var command = new Command("trace", "Run the migrations on a throwaway PostgreSQL and report the locks each new statement takes, its rewrites, and how it compares with the static analysis. Exit 0 all traced, 1 a statement failed, 2 nothing could be traced.")
        {
            migrations, changedSince, postgres, assumeInTransaction, timeout, json,
        };
        command.SetAction(parse => TraceCommand.Run(new TraceCommandOptions(
            parse.GetValue(migrations) ?? [],
            parse.GetValue(changedSince),
            parse.GetValue(postgres),
            parse.GetValue(assumeInTransaction),
            TraceCommand.ParseTimeout(parse.GetValue(timeout)),
            parse.GetValue(json)), io));
        return command;
    }

    private static Command BuildValidate(CommandIo io)
    {
        var files = new Argument<string[]>("policy") { Description = "Policy files or folders; default: the policy check would use.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("validate", "Check policy files only; report every error with file:line:column (exit 2 when any is found).") { files };
        command.SetAction(parse => ValidateCommand.Run(parse.GetValue(files) ?? [], io));
        return command;
    }

    private static Command BuildExplain(CommandIo io)
    {
        var topic = new Argument<string?>("rule-id") { Description = "A rule id of the policy, a check kind (terraform, sql, window, ...) or a SQL statement class.", Arity = ArgumentArity.ZeroOrOne };
        var policy = new Option<string[]>("--policy") { Description = "Policy file or folder whose rules to explain; default as for check." };
        var reference = new Option<bool>("--reference") { Description = "Print the whole policy reference (Markdown) generated from the rule metadata." };
        var command = new Command("explain", "Print what a rule checks, why, and how to fix or override it.") { topic, policy, reference };
        command.SetAction(parse => parse.GetValue(reference)
            ? ExplainCommand.Reference(io)
            : ExplainCommand.Run(parse.GetValue(topic) ?? throw new UsageException("explain needs a rule id, a check kind or a statement class (or --reference)"), parse.GetValue(policy) ?? [], io));
        return command;
    }

    private static Command BuildGitHubAction(CommandIo io)
    {
        var command = new Command("github-action", "The GitHub Action's entrypoint: runs check with the options given as INPUT_* variables by the runner.") { Hidden = true };
        command.SetAction(_ => GitHubActionCommand.Run(io));
        return command;
    }

    private static Command BuildHook(CommandIo io)
    {
        var hook = new Command("hook", "Install or remove the git pre-push hook that runs check on what is pushed.");
        var environment = new Option<string?>("--environment") { Description = "The environment the hook checks for (e.g. production); default none." };
        var policy = new Option<string[]>("--policy") { Description = "Policy file or folder the hook passes to check (repeatable)." };
        var guard = new Option<string?>("--guard") { Description = "The command that runs pipeline-guard in the hook; default: this executable." };
        var install = new Command("install", "Write .git/hooks/pre-push (an existing hook is kept aside and restored by uninstall).") { environment, policy, guard };
        install.SetAction(parse => HookCommand.Install(new HookOptions(parse.GetValue(environment), parse.GetValue(policy) ?? [], parse.GetValue(guard)), io));
        var uninstall = new Command("uninstall", "Remove the pre-push hook and restore the one that was there before.");
        uninstall.SetAction(_ => HookCommand.Uninstall(io));
        var remote = new Option<string>("--remote") { Description = "The remote pushed to (git passes it to the hook).", Required = true };
        var pushEnvironment = new Option<string?>("--environment") { Description = "The environment the push is judged for." };
        var pushPolicy = new Option<string[]>("--policy") { Description = "Policy file or folder, read as it is in the pushed commit (repeatable)." };
        var prePush = new Command("pre-push", "Run by the installed hook: judges the pushed commits listed on standard input as git gives them.") { remote, pushEnvironment, pushPolicy };
        prePush.Hidden = true;
        prePush.SetAction(parse => PrePushCheck.Run(new PrePushOptions(parse.GetValue(remote)!, parse.GetValue(pushEnvironment), parse.GetValue(pushPolicy) ?? []), Console.In, io));
        hook.Subcommands.Add(install);
        hook.Subcommands.Add(uninstall);
        hook.Subcommands.Add(prePush);
        return hook;
    }
}
