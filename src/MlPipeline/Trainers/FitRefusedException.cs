namespace MlPipeline.Trainers;

/// <summary>
/// A trainer measured, before fitting, that it could not end within the time it was given (its model could not even
/// score the rows its caller scores afterwards): nothing was fitted, and the caller may try another configuration.
/// </summary>
internal sealed class FitRefusedException(string message) : Exception(message);
