using System.Runtime.InteropServices;
using MlPipeline.Experiment;

namespace MlPipeline.Cli;

/// <summary>
/// Ends the process once a command is done. A fit abandoned at the deadline (a network inside libtorch that had not
/// reached its next batch) can still be running then, and a normal exit runs libtorch's static destructors under it:
/// the process crashed with exit 139 after every output had been written. Such a process leaves through
/// <c>_exit</c> instead, which runs no destructors: the outputs are committed by then and the console is flushed first.
/// </summary>
internal static class ProcessExit
{
    public static int Finish(int code)
    {
        if (TrialObjective.AwaitAbandoned(TimeSpan.Zero) || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return code;
        Console.Out.Flush();
        Console.Error.Flush();
        ExitImmediately(code);
        return code;
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitImmediately(int status);
}
