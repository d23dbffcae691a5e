using System.Text.Json;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Analysis;
using MlPipeline.Tuning.Samplers;

namespace MlPipeline.Tests.Tuning.Analysis;

public sealed class AnalysisTests
{
    private static Study RunStudy()
    {
        var study = Study.Create("analysis", sampler: new TpeSampler(4));
        study.Optimize(t =>
        {
            var x = t.SuggestFloat("x", -5, 5);
            var noise = t.SuggestFloat("noise", 0, 1);
            var kind = t.SuggestCategorical("kind", ["a", "b"]);
            for (var step = 0; step < 3; step++) t.Report(x * x + 10.0 / (step + 1), step);
            return x * x + 0.01 * noise + (kind == "a" ? 0 : 0.01);
        }, nTrials: 60);
        return study;
    }

    [Fact]
    public void History_BestSoFar_IsMonotoneAndEndsAtBestValue()
    {
        // Given a finished study, When its history is computed
        var study = RunStudy();
        var history = OptimizationHistory.Compute(study);

        // Then best-so-far never gets worse and ends at the study's best value
        Assert.Equal(60, history.Points.Count);
        var best = history.Points.Select(p => p.BestSoFar!.Value).ToList();
        Assert.True(best.Zip(best.Skip(1)).All(p => p.Second <= p.First));
        Assert.Equal(study.BestValue, best[^1]);
        Assert.StartsWith("number,state,value,best", history.ToCsv());
        Assert.Equal(60, JsonDocument.Parse(history.ToJson()).RootElement.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public void Importance_ObjectiveDrivenByX_RanksXFirst()
    {
        // Given an objective dominated by x, When importances are computed
        var importances = ParameterImportances.Compute(RunStudy());

        // Then x ranks first and the shares sum to 1
        Assert.Equal("x", importances.Items[0].Name);
        Assert.Equal(1.0, importances.Items.Sum(i => i.Importance), 9);
        Assert.Contains("x,", importances.ToCsv());
    }

    [Fact]
    public void IntermediateAndParallel_Computed_HoldEveryTrialAndAxis()
    {
        // Given a study whose trials report 3 steps
        var study = RunStudy();
        var curves = IntermediateValues.Compute(study);
        var parallel = ParallelCoordinates.Compute(study);

        // Then each trial has a 3-point curve and each row has one unit value per axis inside [0, 1]
        Assert.All(curves.Curves, c => Assert.Equal([0, 1, 2], c.Points.Select(p => p.Step)));
        Assert.Equal(["kind", "noise", "x"], parallel.Params);
        Assert.All(parallel.Rows, r => Assert.All(r.Unit, u => Assert.InRange(u!.Value, 0, 1)));
        Assert.Equal(61, parallel.ToCsv().Trim().Split('\n').Length);
        Assert.Equal(180, curves.ToCsv().Trim().Split('\n').Length - 1);
    }

    [Fact]
    public void SavePng_EveryView_WritesPngFiles()
    {
        // Given the four views, When rendered, Then each file is a non-trivial PNG
        var study = RunStudy();
        var dir = Path.Combine(Path.GetTempPath(), "mlpipeline-tuning-tests", Guid.NewGuid().ToString("N"));
        var files = new[] { "history.png", "intermediate.png", "importance.png", "parallel.png" }.Select(f => Path.Combine(dir, f)).ToArray();
        AnalysisPlots.SavePng(OptimizationHistory.Compute(study), files[0]);
        AnalysisPlots.SavePng(IntermediateValues.Compute(study), files[1]);
        AnalysisPlots.SavePng(ParameterImportances.Compute(study), files[2]);
        AnalysisPlots.SavePng(ParallelCoordinates.Compute(study), files[3], 640, 400);
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(f);
            Assert.True(bytes.Length > 2000, $"{f} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }
    }
}

public sealed class TrialsTableTests
{
    [Fact]
    public void TrialsTable_ConditionalParamsAndAttrs_HaveColumnsAndNullCells()
    {
        // Given trials where "gamma" exists only on one branch and one trial failed
        var study = Study.Create("table", sampler: new RandomSampler(9));
        study.Optimize(t =>
        {
            t.SetUserAttribute("tag", $"t{t.Number}");
            if (t.Number == 2) throw new InvalidOperationException("bad");
            return t.SuggestCategorical("m", ["a", "b"]) == "a" ? t.SuggestFloat("gamma", 0, 1) : 0;
        }, nTrials: 6);

        // When tabulated, Then there is a column per param and attribute, nulls where absent, and the failure reason
        var table = TrialsTable.Compute(study);
        Assert.Contains("params_gamma", table.Columns);
        Assert.Contains("user_attrs_tag", table.Columns);
        var gamma = table.Columns.ToList().IndexOf("params_gamma");
        var m = table.Columns.ToList().IndexOf("params_m");
        Assert.All(table.Rows, r => Assert.Equal(Equals(r[m], "a"), r[gamma] is not null));
        Assert.Equal("bad", table.Rows[2][table.Columns.ToList().IndexOf("fail_reason")]!.ToString()!.Split(": ")[1]);
        Assert.Equal(7, table.ToCsv().Trim().Split('\n').Length);
        Assert.Equal(6, JsonDocument.Parse(table.ToJson()).RootElement.GetArrayLength());
    }
}
