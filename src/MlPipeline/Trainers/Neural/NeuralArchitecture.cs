using System.Text.Json;

namespace MlPipeline.Trainers.Neural;

/// <summary>An MLP, a ResNet or a TabM description (exactly one is set); the form the model file stores.</summary>
internal sealed record NeuralArchitecture(MlpOptions? Mlp, ResNetOptions? ResNet, TabMOptions? TabM = null)
{
    private static readonly JsonSerializerOptions Json = Data.JsonDefaults.Options;

    public NeuralTrainingOptions Training => Mlp?.Training ?? ResNet?.Training ?? TabM!.Training;

    /// <summary>TabM's layers draw their own initial weights (see <see cref="BatchEnsembleLinear"/>); it has no plain linear layer to initialise.</summary>
    public WeightInitialization Initialization => Mlp?.Initialization ?? ResNet?.Initialization ?? WeightInitialization.Kaiming;

    /// <summary>The hidden activation (TabM's is ReLU, as in the paper).</summary>
    public NeuralActivation Activation => Mlp?.Activation ?? ResNet?.Activation ?? NeuralActivation.Relu;

    public string Kind => Mlp is not null ? "mlp" : ResNet is not null ? "resnet" : "tabm";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NeuralArchitecture FromJson(string json) =>
        JsonSerializer.Deserialize<NeuralArchitecture>(json, Json) ?? throw new InvalidDataException("Empty neural architecture.");
}
