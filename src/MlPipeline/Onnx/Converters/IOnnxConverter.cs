using Microsoft.ML;
using MlPipeline.Preprocessing;

namespace MlPipeline.Onnx.Converters;

/// <summary>Writes the ONNX nodes of one fitted ML.NET transformer (or predictor) type.</summary>
internal interface IOnnxConverter
{
    /// <summary>Converts <paramref name="fitted"/>; <paramref name="step"/> says which columns it reads and writes (null for a predictor).</summary>
    void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step);
}
