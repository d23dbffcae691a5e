using System.Diagnostics;
using System.Text;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>
/// The CLI as a real child process (<c>dotnet MlPipeline.Cli.dll …</c> from the test's output folder), so a test can
/// kill it with SIGKILL, send it SIGINT, or run several at once. Standard output and error are collected as they come.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    /// <summary>Safety bound for one CLI process; every test expects its processes to end long before.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>mlpipeline ARGS</c> in <paramref name="workingDirectory"/>.</summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Through `env --default-signal=INT`: a shell starts background jobs with SIGINT ignored, a child inherits that,
        // and .NET then never sees Ctrl+C; the CLI must get it whether or not the tests run in the background.
        var psi = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MlPipeline.Cli.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        return new CliProcess(Process.Start(psi) ?? throw new InvalidOperationException("env dotnet did not start"));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_out) return _out.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Waits for the exit (within <see cref="Guard"/>, else kills and fails) and returns the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Guard))
        {
            Kill();
            Assert.Fail($"the CLI did not finish within {Guard}; stderr: {Error}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Waits up to <paramref name="time"/>; true when the process exited by then.</summary>
    public bool WaitForExitOrTimeout(TimeSpan time)
    {
        if (!_process.WaitForExit(time)) return false;
        _process.WaitForExit();
        return true;
    }

    /// <summary>The exit code once exited, else null.</summary>
    public int? ExitCodeOrNull => _process.HasExited ? _process.ExitCode : null;

    /// <summary>SIGKILL to the CLI and everything it started; returns once it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.WaitForExit();
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal sends.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
