namespace MlPipeline.Experiment;

/// <summary>How the labelled rows were divided.</summary>
/// <param name="TrainRows">Rows models were fitted on during selection.</param>
/// <param name="ValidationRows">Rows models were compared on.</param>
/// <param name="TestRows">Held-out rows, scored only for reporting.</param>
/// <param name="TestFraction">Fraction of labelled rows held out for test.</param>
/// <param name="ValidationFraction">Fraction of the remaining rows used for validation.</param>
/// <param name="Seed">Seed of the split.</param>
public sealed record DataSplit(long TrainRows, long ValidationRows, long TestRows, double TestFraction, double ValidationFraction, int Seed);
