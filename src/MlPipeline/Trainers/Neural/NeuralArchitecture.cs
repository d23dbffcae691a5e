using System.Text.Json;

namespace MlPipeline.Trainers.Neural;

/// <summary>Either an MLP or a ResNet description; the form the model file stores.</summary>
internal sealed record NeuralArchitecture(MlpOptions? Mlp, ResNetOptions? ResNet)
{
    private static readonly JsonSerializerOptions Json = Data.JsonDefaults.Options;

    public NeuralTrainingOptions Training => Mlp?.Training ?? ResNet!.Training;

    public WeightInitialization Initialization => Mlp?.Initialization ?? ResNet!.Initialization;

    public string Kind => Mlp is not null ? "mlp" : "resnet";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NeuralArchitecture FromJson(string json) =>
        JsonSerializer.Deserialize<NeuralArchitecture>(json, Json) ?? throw new InvalidDataException("Empty neural architecture.");
}
