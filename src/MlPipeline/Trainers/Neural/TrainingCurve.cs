using System.Globalization;
using CsvHelper;

namespace MlPipeline.Trainers.Neural;

/// <summary>Per-epoch losses of a fitted neural model, with the epoch whose weights were kept and a diagnosis.</summary>
/// <param name="Epochs">One report per completed epoch, in order.</param>
/// <param name="BestEpoch">1-based epoch whose weights the model holds; 0 when no epoch had a finite loss.</param>
/// <param name="StopReason">Why training ended.</param>
public sealed record TrainingCurve(IReadOnlyList<EpochReport> Epochs, int BestEpoch, TrainingStopReason StopReason)
{
    /// <summary>The diagnosis of this curve.</summary>
    public TrainingDiagnosis Diagnosis => CurveDiagnostics.Diagnose(this).Diagnosis;

    /// <summary>One-line explanation of <see cref="Diagnosis"/>.</summary>
    public string Explanation => CurveDiagnostics.Diagnose(this).Explanation;

    private static readonly CsvWriterOptions s_csv = new() { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };

    /// <summary>CSV text with columns epoch, train_loss, validation_loss, learning_rate, elapsed_seconds.</summary>
    public string ToCsv()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = CsvWriter.Create(text, s_csv, leaveOpen: true)) Write(writer);
        return text.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to a file.</summary>
    /// <param name="path">Destination file path.</param>
    public void SaveCsv(string path)
    {
        using var writer = CsvWriter.ToFile(path, s_csv, FileOptions.None);
        Write(writer);
    }

    private void Write(CsvWriter writer)
    {
        writer.WriteRecord(["epoch", "train_loss", "validation_loss", "learning_rate", "elapsed_seconds"]);
        foreach (var e in Epochs)
        {
            writer.WriteRecord([
                e.Epoch.ToString(CultureInfo.InvariantCulture), e.TrainLoss.ToString("R", CultureInfo.InvariantCulture),
                e.ValidationLoss?.ToString("R", CultureInfo.InvariantCulture) ?? "", e.LearningRate.ToString("R", CultureInfo.InvariantCulture),
                e.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)]);
        }
    }
}
