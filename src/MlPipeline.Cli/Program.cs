return MlPipeline.Cli.ProcessExit.Finish(MlPipeline.Cli.CliApp.Run(args));
