using TorchSharp;
using static TorchSharp.torch;

namespace MlPipeline.Trainers.Neural;

/// <summary>
/// TabM's output: in training the k members' predictions [B, k] pass through, so the loss is the mean of the members'
/// losses (the package README: "the mean loss must be optimized, not the loss of the mean prediction"); in evaluation
/// it is their mean [B, 1], what validation, early stopping and prediction see.
/// </summary>
internal sealed class MemberMean() : nn.Module<Tensor, Tensor>(nameof(MemberMean))
{
    public override Tensor forward(Tensor x) => training ? x.alias() : x.mean([1L], keepdim: true);
}
