namespace MlPipeline.Cli;

/// <summary>
/// Ctrl+C (SIGINT) for a long command: the first one stops the sweep gracefully (trials already finished are kept, and
/// train writes the best model so far) and the command then exits 1, as the README's table says for a cancelled run;
/// a second one ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    private Interruption() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Starts watching for Ctrl+C until disposed.</summary>
    public static Interruption Watch() => new();

    /// <summary>Fires at the first Ctrl+C.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether Ctrl+C was pressed.</summary>
    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _cancel.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // Only the first press is taken over; with the handler gone, the next one terminates the process.
        Console.CancelKeyPress -= OnCancelKeyPress;
        e.Cancel = true;
        _cancel.Cancel();
    }
}
