using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tests.Experiment;

public sealed class PreprocessingSearchTests
{
    private static readonly PreprocessingOptions s_baseline = new() { DropLabelOutliers = true };

    /// <summary>A numeric column with missing cells and a categorical one of 100 levels: every choice can matter.</summary>
    private static readonly DataSchema s_schema = Schema(numericMissing: 3, categories: 100);

    [Fact]
    public void Tree_Trainers_Never_Draw_A_Scaler_Others_Do_And_Extract_Reads_Back_What_Was_Drawn()
    {
        // Given
        var study = Study.Create("p", new InMemoryStudyStorage(), StudyDirection.Minimize, new RandomSampler(3));
        var drawn = new List<(ScalerChoices Scalers, PreprocessingOptions Options, IReadOnlyDictionary<string, object> Params)>();
        var tree = PreprocessingSearch.ScalersFor(TrainerRegistry.Default.Get("fasttree"));
        var network = PreprocessingSearch.ScalersFor(TrainerRegistry.Default.Get("mlp"));

        // When
        for (var i = 0; i < 30; i++)
        {
            var trial = study.Ask();
            var scalers = i % 2 == 0 ? tree : network;
            drawn.Add((scalers, PreprocessingSearch.Suggest(trial, scalers, s_baseline, s_schema), trial.Params));
            study.Tell(trial, i);
        }

        // Then
        Assert.Equal(ScalerChoices.NotSearched, tree);
        Assert.All(drawn.Where(d => d.Scalers == tree), d =>
        {
            Assert.Equal(s_baseline.Scaler, d.Options.Scaler);
            Assert.False(d.Params.ContainsKey(PreprocessingSearch.Scaler));
        });
        var networkScalers = drawn.Where(d => d.Scalers == network).Select(d => d.Options.Scaler).Distinct().ToList();
        Assert.True(networkScalers.Count > 1);
        Assert.Contains(ScalerKind.None, networkScalers);
        Assert.True(drawn.Select(d => d.Options.Imputation).Distinct().Count() > 1);
        Assert.True(drawn.Select(d => d.Options.MaxCategories).Distinct().Count() > 1);
        Assert.All(drawn, d => Assert.IsType<long>(d.Params["preprocessing.max_categories"]));
        Assert.All(drawn, d =>
        {
            Assert.True(d.Options.DropLabelOutliers);
            Assert.Equal(d.Options, PreprocessingSearch.Extract(d.Params, s_baseline, d.Scalers));
        });
    }

    [Fact]
    public void A_Trainer_That_Needs_Scaled_Features_Is_Never_Given_Raw_Ones_Unless_The_User_Asked()
    {
        // Given online gradient descent, which diverges on raw features
        var scalers = PreprocessingSearch.ScalersFor(TrainerRegistry.Default.Get("ogd"));
        var study = Study.Create("s", new InMemoryStudyStorage(), StudyDirection.Minimize, new RandomSampler(5));
        var userNone = new PreprocessingOptions { Scaler = ScalerKind.None };

        // When
        var drawn = Enumerable.Range(0, 40).Select(i =>
        {
            var trial = study.Ask();
            var options = PreprocessingSearch.Suggest(trial, scalers, s_baseline, s_schema);
            study.Tell(trial, i);
            return options.Scaler;
        }).Distinct().Order().ToArray();
        var withUsers = Assert.IsType<ChoiceParameter<string>>(Assert.Single(PreprocessingSearch.Space(scalers, userNone, s_schema), p => p.Name == "scaler"));

        // Then the sweep scales, and a user's explicit "none" stays a choice
        Assert.Equal(ScalerChoices.ScaledOnly, scalers);
        Assert.Equal([ScalerKind.MeanVariance, ScalerKind.MinMax], drawn);
        Assert.Contains("none", withUsers.Choices);
    }

    [Theory]
    [InlineData("ridge")]
    [InlineData("elasticnet")]
    [InlineData("ols")]
    public void Closed_Form_Linear_Trainers_Always_Get_Standardized_Features_Whatever_The_Users_Scaler(string trainer)
    {
        // Given the user's choice of no scaling
        var baseline = new PreprocessingOptions { Scaler = ScalerKind.None };
        var study = Study.Create("s", new InMemoryStudyStorage(), StudyDirection.Minimize, new RandomSampler(2));
        var scalers = PreprocessingSearch.ScalersFor(TrainerRegistry.Default.Get(trainer));
        study.EnqueueTrial(PreprocessingSearch.DefaultsOf(scalers, baseline, s_schema));

        // When: the enqueued defaults, then drawn trials
        var drawn = Enumerable.Range(0, 6).Select(i =>
        {
            var trial = study.Ask();
            var options = PreprocessingSearch.Suggest(trial, scalers, baseline, s_schema);
            study.Tell(trial, i);
            return (Options: options, trial.Params);
        }).ToList();

        // Then: centred and scaled, never searched, and read back so from the stored trial (the refit's preprocessing)
        Assert.Equal(ScalerChoices.Standardized, scalers);
        Assert.All(drawn, d =>
        {
            Assert.Equal(ScalerKind.Standard, d.Options.Scaler);
            Assert.False(d.Params.ContainsKey(PreprocessingSearch.Scaler));
            Assert.Equal(d.Options, PreprocessingSearch.Extract(d.Params, baseline, scalers));
        });
    }

    [Fact]
    public void Defaults_Fix_The_Baseline()
    {
        var study = Study.Create("d", new InMemoryStudyStorage(), StudyDirection.Minimize, new RandomSampler(1));
        var baseline = new PreprocessingOptions { Scaler = ScalerKind.Robust, Imputation = ImputationKind.Zero, MaxCategories = 8 };
        study.EnqueueTrial(PreprocessingSearch.DefaultsOf(ScalerChoices.Any, baseline, s_schema));

        var trial = study.Ask();

        Assert.Equal(baseline, PreprocessingSearch.Suggest(trial, ScalerChoices.Any, baseline, s_schema));
    }

    [Fact]
    public void Max_Categories_Is_Stored_As_An_Integer_And_Older_String_Values_Still_Read()
    {
        var baseline = new PreprocessingOptions { MaxCategories = 50 };

        var defaults = PreprocessingSearch.DefaultsOf(ScalerChoices.NotSearched, baseline, s_schema);
        var old = PreprocessingSearch.Extract(new Dictionary<string, object> { ["preprocessing.max_categories"] = "64" }, baseline, ScalerChoices.Any);

        Assert.Equal(50, Assert.IsType<int>(defaults["preprocessing.max_categories"]));
        Assert.Equal("mean", defaults["preprocessing.imputation"]);
        Assert.Equal(64, old.MaxCategories);
    }

    [Fact]
    public void Choices_That_Cannot_Matter_Are_Not_Searched()
    {
        // Given data without a missing number and whose categoricals have at most 20 levels
        var schema = Schema(numericMissing: 0, categories: 20);

        // When
        var space = PreprocessingSearch.Space(ScalerChoices.Any, new PreprocessingOptions { MaxCategories = 64 }, schema);
        var none = PreprocessingSearch.Space(ScalerChoices.NotSearched, new PreprocessingOptions(), Schema(numericMissing: 0, categories: 5));

        // Then imputation is not searched, and of the caps only 8 (fewer than 20) and 32 (keeps all 20; 64 is the same model)
        Assert.DoesNotContain(space, p => p.Name == "imputation");
        var caps = Assert.IsType<ChoiceParameter<int>>(Assert.Single(space, p => p.Name == "max_categories"));
        Assert.Equal([8, 32], caps.Choices.ToArray());
        Assert.Equal(32, caps.Default);
        Assert.Contains(space, p => p.Name == "scaler");
        Assert.Empty(none);
    }

    private static DataSchema Schema(long numericMissing, long categories) => new("y", new CsvFormat(), [
        new ColumnSchema("x", 0, ColumnRole.Numeric, numericMissing, 50, "number"),
        new ColumnSchema("city", 1, ColumnRole.Categorical, 0, categories, "text"),
        new ColumnSchema("y", 2, ColumnRole.Label, 0, 90, "label"),
    ]);
}
