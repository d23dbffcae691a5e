using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using MlPipeline.Trainers.Ensembles;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// The explicit table from fitted type to converter, each typed by the type it is registered for. Lookup is by
/// exact type (for a prediction transformer, the type of its model); anything else is an error naming the type
/// and counting the registered ones.
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
        [typeof(LinearRegressionModelParameters)] = new LinearConverter<LinearRegressionModelParameters>(),
        [typeof(PoissonRegressionModelParameters)] = new LinearConverter<PoissonRegressionModelParameters>(exponentiate: true),
        [typeof(FastTreeRegressionModelParameters)] = new TreeEnsembleConverter<FastTreeRegressionModelParameters>(),
        [typeof(FastTreeTweedieModelParameters)] = new TreeEnsembleConverter<FastTreeTweedieModelParameters>(),
        [typeof(FastForestRegressionModelParameters)] = new TreeEnsembleConverter<FastForestRegressionModelParameters>(),
        [typeof(LightGbmRegressionModelParameters)] = new TreeEnsembleConverter<LightGbmRegressionModelParameters>(),
        [typeof(GamRegressionModelParameters)] = new TreeEnsembleConverter<GamRegressionModelParameters>(),
        [typeof(NeuralRegressionTransformer)] = new NeuralConverter(),
        [typeof(EnsembleTransformer)] = new EnsembleConverter(),
    };

    /// <summary>Every registered converter by the type it is registered for.</summary>
    public static IReadOnlyDictionary<Type, IOnnxConverter> Converters => s_converters;

    /// <summary>The converter for <paramref name="fitted"/> (for a prediction transformer, for its model).</summary>
    /// <exception cref="OnnxConversionException">Nothing converts this type.</exception>
    public static IOnnxConverter Find(ITransformer fitted)
    {
        var type = fitted is ISingleFeaturePredictionTransformer<object> prediction ? prediction.Model.GetType() : fitted.GetType();
        return s_converters.TryGetValue(type, out var converter)
            ? converter
            : throw new OnnxConversionException(
                $"no ONNX converter for pipeline step {type.Name} ({s_converters.Count} registered: {string.Join(", ", s_converters.Keys.Select(k => k.Name))})");
    }
}
