using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// The explicit table from fitted type to converter. Lookup is by exact type (for a prediction transformer, the
/// type of its model); anything else is an error naming the type and counting the registered ones.
/// </summary>
internal static class OnnxConverterRegistry
{
    private static readonly Dictionary<Type, IOnnxConverter> s_converters = new()
    {
        [typeof(ColumnConcatenatingTransformer)] = new ConcatenateConverter(),
        [typeof(MissingValueIndicatorTransformer)] = new MissingIndicatorConverter(),
        [typeof(TypeConvertingTransformer)] = new ConvertToFloatConverter(),
        [typeof(MissingValueReplacingTransformer)] = new MissingReplaceConverter(),
        [typeof(OneHotEncodingTransformer)] = new OneHotConverter(),
        [typeof(NormalizingTransformer)] = new NormalizerConverter(),
        [typeof(LinearRegressionModelParameters)] = new LinearConverter(),
        [typeof(PoissonRegressionModelParameters)] = new LinearConverter(),
        [typeof(FastTreeRegressionModelParameters)] = new TreeEnsembleConverter(),
        [typeof(FastTreeTweedieModelParameters)] = new TreeEnsembleConverter(),
        [typeof(FastForestRegressionModelParameters)] = new TreeEnsembleConverter(),
        [typeof(LightGbmRegressionModelParameters)] = new TreeEnsembleConverter(),
        [typeof(GamRegressionModelParameters)] = new GamConverter(),
        [typeof(NeuralRegressionTransformer)] = new NeuralConverter(),
    };

    /// <summary>The converter for <paramref name="fitted"/> and the object it converts (a predictor's model).</summary>
    /// <exception cref="OnnxConversionException">Nothing converts this type.</exception>
    public static (IOnnxConverter Converter, object Source) Find(object fitted)
    {
        var source = fitted is ISingleFeaturePredictionTransformer<object> prediction ? prediction.Model : fitted;
        return s_converters.TryGetValue(source.GetType(), out var converter)
            ? (converter, source)
            : throw new OnnxConversionException(
                $"no ONNX converter for pipeline step {source.GetType().Name} ({s_converters.Count} registered: {string.Join(", ", s_converters.Keys.Select(k => k.Name))})");
    }
}
