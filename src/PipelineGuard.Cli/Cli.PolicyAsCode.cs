using System.CommandLine;
using PipelineGuard.Cli.Commands;

namespace PipelineGuard.Cli;

/// <summary>The policy-as-code commands: test, init and audit.</summary>
public static partial class Cli
{
    private static void AddPolicyAsCodeCommands(RootCommand root, CommandIo io)
    {
        root.Subcommands.Add(BuildTest(io));
        root.Subcommands.Add(BuildInit(io));
        root.Subcommands.Add(BuildAudit(io));
    }

    private static Command BuildTest(CommandIo io)
    {
        var dir = new Argument<string>("dir") { Description = "A folder; every tests/ folder below it holds policy test files (*.yml)." };
        var command = new Command("test", "Run policy tests (inputs + expected decisions) kept beside the policies. Exit 1 when any test fails.") { dir };
        command.SetAction(parse => TestCommand.Run(parse.GetValue(dir)!, io));
        return command;
    }

    private static Command BuildInit(CommandIo io)
    {
        var force = new Option<bool>("--force") { Description = "Overwrite an existing .pipeline-guard.yml and example test." };
        var command = new Command("init", "Look at this repository and write a starter .pipeline-guard.yml in audit mode plus an example policy test.") { force };
        command.SetAction(parse => InitCommand.Run(parse.GetValue(force), io));
        return command;
    }

    private static Command BuildAudit(CommandIo io)
    {
        var audit = new Command("audit", "Work with the hash-chained audit log that check --audit-log writes.");
        var file = new Argument<string>("log") { Description = "The audit log file." };
        var head = new Option<string?>("--head") { Description = "The head hash an earlier verify printed: fail if the log no longer holds that line (cut short or rewritten)." };
        var verify = new Command("verify", "Check the log's hash chain; name the first bad line (exit 1 when broken).") { file, head };
        verify.SetAction(parse => AuditCommand.Verify(parse.GetValue(file)!, parse.GetValue(head), io));
        var files = new Argument<string[]>("log") { Description = "Audit log files.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "markdown | json", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of stdout." };
        var report = new Command("report", "Per rule: would-block / warn / waived / overridden counts over the period, and the targets hit most.") { files, format, output };
        report.SetAction(parse => AuditCommand.Report(parse.GetValue(files) ?? [], parse.GetValue(format) ?? "markdown", parse.GetValue(output), io));
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(report);
        return audit;
    }
}
