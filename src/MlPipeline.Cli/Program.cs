return MlPipeline.Cli.CliApp.Run(args);
