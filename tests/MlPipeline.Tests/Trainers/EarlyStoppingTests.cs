using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Classic;

namespace MlPipeline.Tests.Trainers;

public sealed class EarlyStoppingTests
{
    private sealed class Row
    {
        public float Label { get; set; }

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    private static IDataView Rows(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
            // A smooth signal under heavy noise: boosting overfits it after a few hundred rounds at most.
            return new Row { Features = x, Label = (float)(3 * x[0] + Math.Sin(6 * x[1]) + random.NextDouble() * 2) };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static double Rmse(ITransformer model, IDataView rows) => RegressionQuality.Compute(
        rows.GetColumn<float>(ColumnNames.Label).ToArray(), model.Transform(rows).GetColumn<float>(ColumnNames.Score).ToArray()).Rmse;

    [Theory]
    [InlineData("fasttree")]
    [InlineData("lightgbm")]
    public void Keeps_The_Best_Round_Seen_On_The_Validation_Rows_Not_The_Last(string name)
    {
        var ml = new MLContext(7);
        var train = Rows(ml, 400, 1);
        var validation = Rows(ml, 200, 2);
        var candidate = TrainerRegistry.Default.Get(name);
        var input = new TrainerInput(ColumnNames.Label, ColumnNames.Features, 7, 400) { Validation = validation };

        var stopped = candidate.CreateEstimator(ml, input, candidate.Defaults).Fit(train);
        var rounds = EarlyStopping.FittedRounds(stopped)!.Value;
        // The same configuration boosted for the rounds the stopping rule let run past the best one.
        var longer = candidate.CreateEstimator(ml, input with { Validation = null, Iterations = rounds + EarlyStopping.Patience }, candidate.Defaults).Fit(train);

        // And for fewer rounds: a fit that kept the trees up to the stop would lose to its own first rounds.
        var shorter = candidate.CreateEstimator(ml, input with { Validation = null, Iterations = rounds - EarlyStopping.Patience / 2 }, candidate.Defaults).Fit(train);

        Assert.InRange(rounds, EarlyStopping.Patience / 2 + 1, EarlyStopping.MaxRounds - 1);
        Assert.True(Rmse(stopped, validation) <= Rmse(longer, validation) + 1e-9 && Rmse(stopped, validation) <= Rmse(shorter, validation) + 1e-9,
            $"{rounds} rounds: validation RMSE {Rmse(stopped, validation)}; {rounds + EarlyStopping.Patience}: {Rmse(longer, validation)}; {rounds - EarlyStopping.Patience / 2}: {Rmse(shorter, validation)}");
    }

    [Fact]
    public void Without_Validation_Rows_Or_A_Chosen_Count_The_Default_Count_Is_Boosted()
    {
        var ml = new MLContext(7);
        var candidate = TrainerRegistry.Default.Get("fasttree");
        var model = candidate.CreateEstimator(ml, new TrainerInput(ColumnNames.Label, ColumnNames.Features, 7, 400), candidate.Defaults).Fit(Rows(ml, 400, 1));

        Assert.Equal(TreeSpace.DefaultTrees, EarlyStopping.FittedRounds(model));
    }
}
