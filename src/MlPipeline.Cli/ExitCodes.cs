namespace MlPipeline.Cli;

/// <summary>Process exit codes, as documented in the README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
