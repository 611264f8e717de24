using PipelineGuard.Cli;

return Cli.Run(args, PipelineGuard.Cli.Commands.CommandIo.FromProcess());
