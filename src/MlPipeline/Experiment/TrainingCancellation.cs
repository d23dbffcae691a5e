using System.Reflection;
using Microsoft.ML;

namespace MlPipeline.Experiment;

/// <summary>
/// Stops an ML.NET fit that is running on another thread. ML.NET's trainers take no cancellation token; its own
/// AutoML stops them through the context's non-public <c>CancelExecution</c>, which makes the trainer's next
/// check throw. Each trial gets its own <see cref="MLContext"/> so cancelling one leaves the others alone.
/// </summary>
internal static class TrainingCancellation
{
    private static readonly MethodInfo? s_cancel = typeof(MLContext).GetMethod(
        "CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>Whether this ML.NET version exposes the hook.</summary>
    public static bool Supported => s_cancel is not null;

    /// <summary>Asks every fit running on <paramref name="ml"/> to stop.</summary>
    public static void Cancel(MLContext ml) => s_cancel?.Invoke(ml, null);

    /// <summary>Cancels <paramref name="ml"/> when <paramref name="token"/> fires.</summary>
    public static CancellationTokenRegistration Link(MLContext ml, CancellationToken token) =>
        token.Register(() => Cancel(ml));
}
