using System.Globalization;
using System.Text;

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

    /// <summary>CSV text with columns epoch, train_loss, validation_loss, learning_rate, elapsed_seconds.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("epoch,train_loss,validation_loss,learning_rate,elapsed_seconds\n");
        foreach (var e in Epochs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{e.TrainLoss:R},{(e.ValidationLoss is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "")},{e.LearningRate:R},{e.Elapsed.TotalSeconds:F3}\n");
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to a file.</summary>
    /// <param name="path">Destination file path.</param>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv());
}
