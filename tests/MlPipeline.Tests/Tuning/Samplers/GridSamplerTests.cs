using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;

namespace MlPipeline.Tests.Tuning.Samplers;

public sealed class GridSamplerTests
{
    [Fact]
    public void Grid_SizeTrials_VisitsEveryPointOnce()
    {
        // Given a 3 x 2 x 2 grid with float, int and categorical axes
        var sampler = new GridSampler(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["lr"] = [0.01, 0.1, 1.0], ["depth"] = [2, 4], ["kind"] = ["a", "b"],
        }, seed: 1);
        var study = Study.Create("g", sampler: sampler);

        // When Size trials run
        study.Optimize(t => t.SuggestFloat("lr", 0.001, 1, log: true) + t.SuggestInt("depth", 1, 8)
            + (t.SuggestCategorical("kind", ["a", "b"]) == "a" ? 0 : 1), nTrials: sampler.Size);

        // Then all 12 points were visited exactly once and the grid reports exhaustion
        var configs = study.Trials.Select(t => $"{t.Params["lr"]}|{t.Params["depth"]}|{t.Params["kind"]}").ToList();
        Assert.Equal(12, configs.Distinct().Count());
        Assert.True(sampler.IsExhausted(study));
    }

    [Fact]
    public void Grid_ParameterOutsideGrid_Throws()
    {
        // Given a grid without "y", When an objective suggests "y", Then the trial fails with the reason
        var study = Study.Create("g", sampler: new GridSampler(new Dictionary<string, IReadOnlyList<object?>> { ["x"] = [1.0] }));
        study.Optimize(t => t.SuggestFloat("y", 0, 1), nTrials: 1);
        Assert.Contains("not in the grid", study.Trials[0].FailReason);
    }
}
