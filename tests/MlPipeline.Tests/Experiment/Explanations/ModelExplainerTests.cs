using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Experiment.Explanations;
using MlPipeline.Testing;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Tests.Experiment.Explanations;

public sealed class ModelExplainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ExperimentResult Train(string trainer) => new RegressionExperiment(new MLContext(5)).WithOptions(new ExperimentOptions
    {
        // Missing x2 cells (an indicator slot), a one-hot city, a yes/no flag: every kind of slot an explanation folds back.
        DataPath = _dir.Write($"{trainer}.csv", SyntheticData.Csv(600, seed: 4)),
        Label = SyntheticData.Label,
        Trainers = trainer,
        MaxTrials = 1,
        // One trial ends the sweep; the long budget only keeps the per-trial cap (a share of it) out of reach on a loaded machine.
        TimeBudget = TimeSpan.FromSeconds(600),
        Seed = 5,
    }).Run();

    /// <summary>Asserts that every row's contributions add up to its score (its log for a log-link model).</summary>
    private static void AssertAddsUp(ModelExplainer explainer, PipelineModel model, IDataView rows, double tolerance)
    {
        var scores = model.Score(rows);
        var explanations = explainer.Explain(rows);
        Assert.Equal(scores.Length, explanations.Count);
        for (var r = 0; r < scores.Length; r++)
        {
            var e = explanations[r];
            Assert.True(Math.Abs(e.Output - (e.BaseValue + e.Contributions.Sum())) <= 1e-9 * Math.Max(1, Math.Abs(e.Output)), $"row {r}: output {e.Output}");
            var predicted = e.LogScale ? Math.Exp(e.Output) : e.Output;
            Assert.True(Math.Abs(predicted - scores[r]) <= tolerance * Math.Max(1, Math.Abs(scores[r])), $"row {r}: explained {predicted}, scored {scores[r]}");
        }
    }

    // Every tree family and the linear ones are checked on real data below; here the sweep's own result is explained.
    [Theory]
    [InlineData("sdca")]
    [InlineData("mlp")]
    public void The_Contributions_Of_Each_Column_Add_Up_To_The_Score(string trainer)
    {
        // Given: the sweep's model of one trainer, preprocessing included
        var result = Train(trainer);
        var reference = result.Model.Load(_dir.File($"{trainer}.csv"), LoadMode.Scoring);

        // When
        var explainer = ModelExplainer.Create(result.Model.Transformer, result.Plan, result.Schema, reference, seed: 1);

        // Then: one contribution per input column, adding up to the score on every test row
        Assert.Equal(["x1", "x2", "x3", "city", "flag"], explainer.Columns);
        AssertAddsUp(explainer, result.Model, result.TestData!, 1e-4);
    }

    [Fact]
    public void The_Columns_That_Drive_The_Label_Get_The_Largest_Contributions()
    {
        // Given: y = 50 + 3·x1 − 2·x2 + x3² + 4·[city = b] + [flag] + noise, x uniform on [−2, 2]
        var result = Train("lightgbm");
        var reference = result.Model.Load(_dir.File("lightgbm.csv"), LoadMode.Scoring);
        var explainer = ModelExplainer.Create(result.Model.Transformer, result.Plan, result.Schema, reference);

        // When
        var meanAbsolute = Enumerable.Range(0, explainer.Columns.Count)
            .Select(c => explainer.Explain(result.TestData!).Average(e => Math.Abs(e.Contributions[c]))).ToArray();

        // Then: x1 (slope 3) first, flag (1 or 0) last
        var ranked = explainer.Columns.Select((name, c) => (name, meanAbsolute[c])).OrderByDescending(p => p.Item2).Select(p => p.name).ToList();
        Assert.Equal("x1", ranked[0]);
        Assert.Equal("flag", ranked[^1]);
    }

    [Fact]
    public void An_Ensembles_Explanation_Is_The_Weighted_Sum_Of_Its_Members_And_Adds_Up()
    {
        // Given: an ensemble of a ridge, a log-link FastTreeTweedie and a network, each with its own preprocessing
        var members = new[] { ("ridge", 0.5), ("fasttree-tweedie", 0.3), ("mlp", 0.2) }.Select(m =>
        {
            var result = Train(m.Item1);
            return (result, new EnsembleMember(m.Item1, 0, m.Item2, result.Model.Transformer, result.Plan, Refit: true));
        }).ToList();
        var first = members[0].result;
        var ensemble = new EnsembleTransformer(members.Select(m => m.Item2));
        var model = new PipelineModel(new MLContext(5), ensemble, first.Schema);
        var reference = first.Model.Load(_dir.File("ridge.csv"), LoadMode.Scoring);

        // When
        var explainer = ModelExplainer.Create(ensemble, plan: null, first.Schema, reference);

        // Then: on the score's scale (the Tweedie member's log-space contributions rescaled), adding up to the ensemble's score
        Assert.All(explainer.Explain(first.TestData!), e => Assert.False(e.LogScale));
        AssertAddsUp(explainer, model, first.TestData!, 1e-4);
    }

    [Theory]
    [InlineData("ridge")]
    [InlineData("lbfgs-poisson")]
    [InlineData("fasttree")]
    [InlineData("fasttree-tweedie")]
    [InlineData("fastforest")]
    [InlineData("lightgbm")]
    [InlineData("gam")]
    [InlineData("resnet")]
    public void On_Real_Data_The_Contributions_Add_Up_To_The_Score(string trainer)
    {
        // Given: the trainer's defaults on 600 rows of the repository's Ames data (80 columns: numbers with missing
        // cells, many categories), preprocessing planned as the sweep plans it
        var ml = new MLContext(seed: 2);
        var ames = RepositoryFiles.Path("data/ames.csv");
        var schema = new SchemaInferrer().Infer(ames, "Sale_Price");
        var rows = ml.Data.Cache(ml.Data.TakeRows(CsvDataLoader.Load(ames, schema, LoadMode.Training), 600));
        var candidate = TrainerRegistry.Default.Get(trainer);
        var plan = PreprocessingPlanner.Plan(schema, rows, new PreprocessingOptions());
        var chain = PreprocessingChainBuilder.Build(ml, plan)
            .Append(candidate.CreateEstimator(ml, new TrainerInput("Sale_Price", ColumnNames.Features, 2, 600), candidate.Defaults)).Fit(rows);
        var model = new PipelineModel(ml, chain, schema);
        var explained = ml.Data.TakeRows(ml.Data.SkipRows(CsvDataLoader.Load(ames, schema, LoadMode.Training), 2800), 60);

        // When
        var explainer = ModelExplainer.Create(chain, plan, schema, ModelExplainer.Sample(ml, rows, 600, 2));

        // Then: rows the model never saw are explained, every contribution adding up to the score
        Assert.Equal(schema.Features.Count(), explainer.Columns.Count);
        AssertAddsUp(explainer, model, explained, 1e-4);
    }

    [Fact]
    public void A_Saved_Model_Explains_Its_Predictions_As_The_Trained_One_Does()
    {
        // Given: a trained model saved and loaded back (its plan and background rows travel in model.zip)
        var result = Train("fasttree");
        var path = _dir.File("model.zip");
        result.Model.Save(path);
        var loaded = PipelineModel.Load(new MLContext(5), path);

        // When
        var before = result.Model.Explainer().Explain(result.TestData!);
        var after = loaded.Explainer().Explain(loaded.Load(_dir.File("fasttree.csv"), LoadMode.Scoring));

        // Then: the same explanation of the same rows (the test rows are a subset of the file: compare by score)
        Assert.NotNull(loaded.ReferenceRows);
        var byOutput = after.GroupBy(e => Math.Round(e.Output, 6)).ToDictionary(g => g.Key, g => g.First());
        foreach (var e in before)
        {
            var match = byOutput[Math.Round(e.Output, 6)];
            Assert.Equal(e.BaseValue, match.BaseValue, 9);
        }
    }

    [Fact]
    public void A_Model_File_Without_Background_Rows_Says_It_Cannot_Be_Explained()
    {
        var result = Train("ridge");
        var bare = new PipelineModel(new MLContext(5), result.Model.Transformer, result.Schema);

        var e = Assert.Throws<DataValidationException>(() => bare.Explainer());

        Assert.Contains("no explanation background", e.Message);
    }
}
