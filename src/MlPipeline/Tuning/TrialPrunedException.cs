namespace MlPipeline.Tuning;

/// <summary>Thrown by an objective (after <see cref="Trial.ShouldPrune"/>) to stop a trial as Pruned.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException()
        : base("Trial was pruned.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    /// <param name="inner">The cause.</param>
    public TrialPrunedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
