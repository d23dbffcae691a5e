namespace MlPipeline.Onnx.Converters;

/// <summary>One <c>TreeEnsembleRegressor</c> branch test: the true branch is the left child.</summary>
/// <param name="Mode">BRANCH_LEQ, BRANCH_LT, BRANCH_GT, BRANCH_EQ or BRANCH_NEQ.</param>
/// <param name="Threshold">The value compared with.</param>
/// <param name="MissingTracksTrue">Whether a NaN takes the true (left) branch.</param>
internal readonly record struct TreeSplit(string Mode, float Threshold, bool MissingTracksTrue);
