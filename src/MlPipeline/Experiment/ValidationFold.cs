using Microsoft.ML;
using MlPipeline.Preprocessing;

namespace MlPipeline.Experiment;

/// <summary>
/// One way of holding rows out to compare models: the rows fitted on and the rows scored, featurized by a
/// preprocessing chain fitted on the fitting rows only (so no fold's statistics leak into its own validation).
/// </summary>
internal sealed record ValidationFold(
    IDataView Train,
    IDataView FeaturesTrain,
    IDataView FeaturesValidation,
    float[] ValidationLabels,
    IDataView FeaturesTest,
    ITransformer Preprocessing,
    PreprocessingPlan Plan);
