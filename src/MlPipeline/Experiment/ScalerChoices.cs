namespace MlPipeline.Experiment;

/// <summary>Which scalers the sweep may draw for a trainer.</summary>
internal enum ScalerChoices
{
    /// <summary>The scaler cannot change the model (trees, GAM's bins): not searched.</summary>
    NotSearched,

    /// <summary>
    /// The scaler cannot change the model in exact arithmetic (the closed-form linear models), but its float32 score can:
    /// not searched, always <see cref="MlPipeline.Preprocessing.ScalerKind.Standard"/>.
    /// </summary>
    Standardized,

    /// <summary>Every scaler, none included.</summary>
    Any,

    /// <summary>Only the scalers that scale: the trainer does not converge on raw features.</summary>
    ScaledOnly,
}
