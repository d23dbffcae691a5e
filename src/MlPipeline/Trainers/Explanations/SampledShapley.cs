namespace MlPipeline.Trainers.Explanations;

/// <summary>
/// Shapley values of groups of feature slots (an input column's slots form one player) estimated by permutation
/// sampling (Štrumbelj and Kononenko 2014): each sample draws a random order of the groups and a reference row, then
/// switches the groups from the reference row's values to the explained row's in that order, crediting each group with
/// the change in output. Every reference row is used equally often, so the estimates add up exactly:
/// <see cref="BaseValue"/> (the mean output over the reference rows) + Σ φ = the output. Each estimate's standard error
/// is the spread of its credits over √samples.
/// </summary>
internal sealed class SampledShapley
{
    private readonly Func<float[], int, float[]> _predict;
    private readonly float[][] _reference;
    private readonly int[][] _groups;
    private readonly int _samples;
    private readonly int _seed;

    /// <param name="predict">Scores a batch: row-major features and the row count.</param>
    /// <param name="reference">Background feature rows.</param>
    /// <param name="groups">The slots of each player.</param>
    /// <param name="samplesPerReferenceRow">Orders drawn for each reference row.</param>
    /// <param name="seed">Seeds the orders, so an explanation is reproducible.</param>
    public SampledShapley(Func<float[], int, float[]> predict, IReadOnlyList<float[]> reference, int[][] groups, int samplesPerReferenceRow, int seed)
    {
        if (reference.Count == 0) throw new ArgumentException("sampling needs at least one reference row", nameof(reference));
        _predict = predict;
        _reference = [.. reference];
        _groups = groups;
        _samples = _reference.Length * Math.Max(1, samplesPerReferenceRow);
        _seed = seed;
        var width = _reference[0].Length;
        BaseValue = predict([.. _reference.SelectMany(r => r)], _reference.Length).Average(s => (double)s);
        Width = width;
    }

    /// <summary>The mean output over the reference rows.</summary>
    public double BaseValue { get; }

    /// <summary>The feature vector's length.</summary>
    public int Width { get; }

    /// <summary>The samples each estimate averages.</summary>
    public int Samples => _samples;

    /// <summary>Writes each group's estimate and its standard error.</summary>
    public void Explain(ReadOnlySpan<float> x, Span<double> phi, Span<double> standardError)
    {
        var players = _groups.Length;
        var steps = players + 1;
        var batch = new float[_samples * steps * Width];
        var orders = new int[_samples][];
        var random = new Random(_seed);
        for (var s = 0; s < _samples; s++)
        {
            var order = Enumerable.Range(0, players).ToArray();
            random.Shuffle(order);
            orders[s] = order;
            var row = _reference[s % _reference.Length].AsSpan();
            var start = s * steps * Width;
            row.CopyTo(batch.AsSpan(start, Width));
            for (var k = 0; k < players; k++)
            {
                var previous = batch.AsSpan(start + k * Width, Width);
                var current = batch.AsSpan(start + (k + 1) * Width, Width);
                previous.CopyTo(current);
                foreach (var slot in _groups[order[k]]) current[slot] = x[slot];
            }
        }
        var scores = _predict(batch, _samples * steps);
        var sum = new double[players];
        var squares = new double[players];
        for (var s = 0; s < _samples; s++)
        {
            var start = s * steps;
            for (var k = 0; k < players; k++)
            {
                var credit = (double)scores[start + k + 1] - scores[start + k];
                sum[orders[s][k]] += credit;
                squares[orders[s][k]] += credit * credit;
            }
        }
        for (var g = 0; g < players; g++)
        {
            phi[g] = sum[g] / _samples;
            var variance = Math.Max(0, squares[g] / _samples - phi[g] * phi[g]);
            standardError[g] = Math.Sqrt(variance / _samples);
        }
    }
}
