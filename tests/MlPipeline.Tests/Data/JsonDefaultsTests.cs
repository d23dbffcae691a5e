using System.Text.Json;
using System.Text.Json.Serialization;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers.Neural;

namespace MlPipeline.Tests.Data;

public sealed class JsonDefaultsTests
{
    // What NeuralArchitecture and the ensemble manifest were written with before the options were shared.
    private static readonly JsonSerializerOptions s_previous = new() { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void A_Neural_Architecture_Saved_By_The_Previous_Version_Still_Loads()
    {
        // Given: an architecture as the previous version stored it in model.zip (PascalCase names and enum values)
        var architecture = new NeuralArchitecture(new MlpOptions
        {
            HiddenLayers = [32, 16], Activation = NeuralActivation.Gelu, Normalization = NeuralNormalization.BatchNorm,
        }, null);
        var saved = JsonSerializer.Serialize(architecture, s_previous);
        Assert.Contains("\"Activation\":\"Gelu\"", saved);

        // Then: it reads back the same
        Assert.Equal(architecture.ToJson(), NeuralArchitecture.FromJson(saved).ToJson());
    }

    [Fact]
    public void A_Preprocessing_Plan_From_A_Previous_Ensemble_Manifest_Still_Loads()
    {
        var plan = new PreprocessingPlan(["a", "b"], ["b"], [], new PreprocessingOptions { Scaler = ScalerKind.MinMax, Imputation = ImputationKind.Minimum });

        var loaded = JsonSerializer.Deserialize<PreprocessingPlan>(JsonSerializer.Serialize(plan, s_previous), JsonDefaults.Options)!;

        Assert.Equal(plan.Describe(), loaded.Describe());
        Assert.Equal(plan.Options, loaded.Options);
    }

    [Fact]
    public void Should_WriteNonFiniteMetricsAsNull_When_TheLabelIsConstant()
    {
        // Given: the metrics of a constant label (R² is undefined) and a NaN/infinite double
        var quality = MlPipeline.Evaluation.RegressionQuality.Compute([5f, 5f, 5f], [5f, 5f, 5f]);
        var values = new[] { double.NaN, double.PositiveInfinity, 1.5 };

        // When
        var json = JsonSerializer.Serialize(new { quality, values, missing = (double?)null, infinite = (double?)double.NegativeInfinity }, JsonDefaults.Options);

        // Then
        Assert.Null(quality.R2);
        Assert.Equal(0, quality.Rmse);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("quality").GetProperty("r2").ValueKind);
        Assert.Equal("[null,null,1.5]", string.Concat(document.RootElement.GetProperty("values").GetRawText().Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("missing").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("infinite").ValueKind);
        Assert.Null(JsonSerializer.Deserialize<double?>("null", JsonDefaults.Options));
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<double>("null", JsonDefaults.Options)));
        Assert.Equal(double.PositiveInfinity, JsonSerializer.Deserialize<double>("\"Infinity\"", JsonDefaults.Options));
    }
}
