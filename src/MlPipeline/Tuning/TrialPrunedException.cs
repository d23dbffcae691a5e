namespace MlPipeline.Tuning;

/// <summary>Thrown by an objective (after <see cref="Trial.ShouldPrune"/>) to stop a trial as Pruned.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>The message of a trial pruned without a reason given (the pruner's verdict).</summary>
    internal const string DefaultMessage = "Trial was pruned.";

    /// <summary>Creates the exception.</summary>
    public TrialPrunedException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a message, which the study records as the pruned trial's reason.</summary>
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
