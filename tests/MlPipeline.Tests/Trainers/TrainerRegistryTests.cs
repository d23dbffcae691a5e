using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Evaluation;

namespace MlPipeline.Tests.Trainers;

public sealed class TrainerRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Names() => [.. TrainerRegistry.Classic.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_Trainer_Beats_Predicting_The_Mean_On_A_Learnable_Function(string name)
    {
        // Given
        var ml = new MLContext(seed: 1);
        var trainPath = _dir.Write("train.csv", SyntheticData.Csv(600, seed: 1));
        var testPath = _dir.Write("test.csv", SyntheticData.Csv(200, seed: 2));
        var schema = new SchemaInferrer().Infer(trainPath, SyntheticData.Label);
        var train = ml.Data.Cache(new CsvDataView(trainPath, schema, LoadMode.Training));
        var test = new CsvDataView(testPath, schema, LoadMode.Training);
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions());
        var candidate = TrainerRegistry.Classic.Get(name);
        var input = new TrainerInput(SyntheticData.Label, ColumnNames.Features, 1, 600);

        // When
        var model = PreprocessingChainBuilder.Build(ml, plan).Append(candidate.CreateEstimator(ml, input, candidate.Defaults)).Fit(train);
        var scores = model.Transform(test).GetColumn<float>("Score").ToArray();
        var labels = test.GetColumn<float>(SyntheticData.Label).ToArray();
        var metrics = RegressionQuality.Compute(labels, scores);

        // Then: R² well above 0 means clearly better than the mean (R² = 0)
        Assert.True(metrics.R2 > 0.6, $"{name}: R² {metrics.R2:F3}, RMSE {metrics.Rmse:F3}");
    }

    [Fact]
    public void Unknown_Trainer_Lists_The_Registered_Ones()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainerRegistry.Classic.Select("fasttree,xgboost"));

        Assert.Contains("unknown trainer 'xgboost' (11 registered: ridge, elasticnet, ols, sdca, ogd, lbfgs-poisson, fasttree", e.Message);
    }

    [Fact]
    public void Defaults_Are_Points_Of_The_Search_Space()
    {
        var suggester = new ExtremeSuggester();
        foreach (var candidate in TrainerRegistry.Default.All)
        {
            var low = candidate.Suggest(suggester);
            // Ridge and least squares tune nothing in the sweep (ridge picks its penalty inside the fit).
            Assert.Equal(candidate.Space.Count, low.Values.Count);
            Assert.All(candidate.Defaults.Values.Keys, key => Assert.True(low.Values.ContainsKey(key), $"{candidate.Name}: default {key} is not in the search space"));
        }
    }

    [Fact]
    public void The_Readmes_Trainer_List_Names_Every_Registered_Trainer()
    {
        // Given: the README's "Trainers (`--trainers`)" sentence, the one list written by hand (the CLI help reads the registry)
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        const string Lead = "Trainers (`--trainers`):";
        var start = readme.IndexOf(Lead, StringComparison.Ordinal) + Lead.Length;
        var list = readme[start..readme.IndexOf("(TorchSharp)", start, StringComparison.Ordinal)];

        // When
        var named = System.Text.RegularExpressions.Regex.Matches(list, "`([a-z-]+)`").Select(m => m.Groups[1].Value).ToArray();

        // Then: the same names, in the registry's order
        Assert.Equal(TrainerRegistry.Default.Names, named);
    }

    private sealed class ExtremeSuggester : IParameterSuggester
    {
        public double SuggestFloat(string name, double low, double high, bool log = false) => low;
        public int SuggestInt(string name, int low, int high, bool log = false) => low;
        public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull => choices[0];
    }
}
