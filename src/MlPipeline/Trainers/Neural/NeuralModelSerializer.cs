using TorchSharp;

namespace MlPipeline.Trainers.Neural;

/// <summary>Binary form of a fitted neural transformer: options, label scaling, curve and torch weights.</summary>
internal static class NeuralModelSerializer
{
    private const string Magic = "MlPipeline.Neural/1";

    public static void Write(BinaryWriter w, NeuralRegressionTransformer t)
    {
        var m = t.Model;
        w.Write(Magic);
        w.Write(t.Architecture.ToJson());
        w.Write(m.InputSize);
        w.Write(m.LabelMean);
        w.Write(m.LabelStd);
        w.Write(m.PredictMean);
        w.Write(m.LogLabel);
        w.Write(m.Curve.BestEpoch);
        w.Write((int)m.Curve.StopReason);
        w.Write(m.Curve.Epochs.Count);
        foreach (var e in m.Curve.Epochs)
        {
            w.Write(e.Epoch);
            w.Write(e.TrainLoss);
            w.Write(e.ValidationLoss.HasValue);
            w.Write(e.ValidationLoss ?? 0);
            w.Write(e.LearningRate);
            w.Write(e.Elapsed.Ticks);
        }
        m.Network.save(w);
    }

    public static NeuralRegressionTransformer Read(BinaryReader r)
    {
        if (r.ReadString() != Magic) throw new InvalidDataException("Not an MlPipeline neural model.");
        var arch = NeuralArchitecture.FromJson(r.ReadString());
        int inputSize = r.ReadInt32();
        float mean = r.ReadSingle(), std = r.ReadSingle();
        bool predictMean = r.ReadBoolean();
        bool logLabel = r.ReadBoolean();
        int bestEpoch = r.ReadInt32();
        var stop = (TrainingStopReason)r.ReadInt32();
        int count = r.ReadInt32();
        var epochs = new List<EpochReport>(count);
        for (int i = 0; i < count; i++)
        {
            int epoch = r.ReadInt32();
            double train = r.ReadDouble();
            bool hasVal = r.ReadBoolean();
            double val = r.ReadDouble();
            double lr = r.ReadDouble();
            var elapsed = TimeSpan.FromTicks(r.ReadInt64());
            epochs.Add(new EpochReport(epoch, train, hasVal ? val : null, lr, elapsed));
        }
        var net = NetworkBuilder.Build(arch, inputSize, arch.Training.Seed);
        var loaded = new Dictionary<string, bool>();
        net.load(r, strict: false, loadedParameters: loaded);
        var missing = net.state_dict().Keys.Where(k => !loaded.GetValueOrDefault(k)).ToList();
        var unknown = loaded.Where(e => !e.Value && !NetworkBuilder.IsDroppedStateEntry(e.Key)).Select(e => e.Key).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw new InvalidDataException($"Saved network does not match its architecture: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unknown)}].");
        net.eval();
        var trained = new TrainedNetwork(net, inputSize, mean, std, new TrainingCurve(epochs, bestEpoch, stop), predictMean, logLabel);
        return new NeuralRegressionTransformer(arch, trained);
    }
}
