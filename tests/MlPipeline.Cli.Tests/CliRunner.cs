namespace MlPipeline.Cli.Tests;

/// <summary>Runs the CLI in-process and captures standard error; tests using it must not run in parallel.</summary>
internal static class CliRunner
{
    private static readonly Lock s_console = new();

    public static (int ExitCode, string Error) Run(params string[] args)
    {
        lock (s_console)
        {
            var original = Console.Error;
            var error = new StringWriter();
            Console.SetError(error);
            try
            {
                return (CliApp.Run(args), error.ToString());
            }
            finally
            {
                Console.SetError(original);
            }
        }
    }
}
