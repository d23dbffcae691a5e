using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Reporting;
using MlPipeline.Trainers;
using MlPipeline.Evaluation;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.AutoMl;

/// <summary>
/// The AutoML run against the shared fixed 80/20 splits (ames, concrete, diamonds): test RMSE and R² of the
/// winner (the ensemble when it was kept), of the best single trial and of every trainer at its defaults;
/// validation RMSE of the ensemble against the best single trial; wall-clock of the run and of the whole command
/// (outputs, ONNX export and report included) against the budget; trials run and pruned.
/// Args: [--seconds 60] [--data DIR] [--only NAME] [--parallelism N].
/// </summary>
internal static class AutoMlBench
{
    private static readonly (string Name, string Label)[] s_datasets = [("ames", "Sale_Price"), ("concrete", "compressive_strength"), ("diamonds", "price")];

    public static int Run(string[] args)
    {
        var seconds = int.Parse(Arg(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var parallelism = int.Parse(Arg(args, "--parallelism") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var data = Arg(args, "--data") ?? Splits.Find();
        var only = Arg(args, "--only");
        Console.WriteLine($"AutoML bench: budget {seconds} s, parallelism {parallelism}, splits in {data}");
        Console.WriteLine("dataset   | model                 | test RMSE   | test R²  | seconds | trials (pruned)");
        foreach (var (name, label) in s_datasets.Where(d => only is null || d.Name == only))
        {
            var train = Path.Combine(data, $"{name}.train.csv");
            var test = Path.Combine(data, $"{name}.test.csv");
            var clock = Stopwatch.StartNew();
            var result = new RegressionExperiment(new MLContext(42)).WithOptions(new ExperimentOptions
            {
                DataPath = train, TestDataPath = test, Label = label, Seed = 42,
                TimeBudget = TimeSpan.FromSeconds(seconds), Parallelism = parallelism,
            }).Run();
            var wall = clock.Elapsed.TotalSeconds;
            var outputs = Path.Combine(Path.GetTempPath(), $"mlpipeline-bench-{Guid.NewGuid():N}");
            result.WriteOutputs(outputs, train);
            var command = clock.Elapsed.TotalSeconds;
            Directory.Delete(outputs, recursive: true);
            var pruned = result.Leaderboard.Count(e => e.Status == TrialStatus.Pruned);
            Row(name, $"AutoML: {result.Winner}", result.TestMetrics, wall, $"{result.Leaderboard.Length} ({pruned})");
            Row(name, $"best single: {result.Best.Trainer}", result.Best.Test!, result.Best.TrainSeconds, "first-fold fit");
            if (result.Ensemble is { } ensemble)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-9} | ensemble {(ensemble.Kept ? "kept" : "not kept")}: validation RMSE {ensemble.ValidationRmse:G5} vs best single {ensemble.BestSingleValidationRmse:G5}, {ensemble.Members.Count()} members{RefitNote(result)}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} | wall clock: run {wall:F1} s, with outputs/ONNX/report {command:F1} s; budget rule {seconds * 1.1 + 10:F0} s"));
            foreach (var candidate in TrainerRegistry.Default.All)
            {
                if (candidate.RequiresNonNegativeLabel && (result.Schema.LabelColumn.Min ?? 0) < 0) continue;
                var (metrics, fitSeconds) = Defaults(candidate, result.Schema, train, test);
                Row(name, $"{candidate.Name} defaults", metrics, fitSeconds, "1");
            }
        }
        return 0;
    }

    private static (RegressionQuality Metrics, double Seconds) Defaults(IRegressorCandidate candidate, DataSchema schema, string trainPath, string testPath)
    {
        var ml = new MLContext(42);
        var clock = Stopwatch.StartNew();
        var train = ml.Data.Cache(CsvDataLoader.Load(trainPath, schema, LoadMode.Training));
        var test = CsvDataLoader.Load(testPath, schema, LoadMode.Training);
        var plan = PreprocessingPlanner.Plan(schema, train, new PreprocessingOptions());
        var label = schema.LabelColumn.Name;
        var input = new TrainerInput(label, ColumnNames.Features, 42, 0);
        var model = PreprocessingChainBuilder.Build(ml, plan).Append(candidate.CreateEstimator(ml, input, candidate.Defaults)).Fit(train);
        var scores = model.Transform(test).GetColumn<float>(ColumnNames.Score).ToArray();
        return (RegressionQuality.Compute(test.GetColumn<float>(label).ToArray(), scores), clock.Elapsed.TotalSeconds);
    }

    private static void Row(string dataset, string model, RegressionQuality m, double seconds, string trials) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dataset,-9} | {model,-21} | {m.Rmse,11:G5} | {m.R2,8:F4} | {seconds,7:F1} | {trials}"));

    private static string RefitNote(ExperimentResult result) => result.Model.Ensemble is { } fitted
        ? $" ({fitted.Members.Count(m => m.Refit)} refit on train + validation)"
        : "";
}
