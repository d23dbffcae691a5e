namespace MlPipeline.Experiment;

/// <summary>Which scalers the sweep may draw for a trainer.</summary>
internal enum ScalerChoices
{
    /// <summary>The scaler cannot change the model (trees, the closed-form linear models): not searched.</summary>
    NotSearched,

    /// <summary>Every scaler, none included.</summary>
    Any,

    /// <summary>Only the scalers that scale: the trainer does not converge on raw features.</summary>
    ScaledOnly,
}
