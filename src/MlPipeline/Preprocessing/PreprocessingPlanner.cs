using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;

namespace MlPipeline.Preprocessing;

/// <summary>Decides the <see cref="PreprocessingPlan"/> from the schema and one pass over the training rows.</summary>
internal static class PreprocessingPlanner
{
    /// <summary>Plans the chain; only <paramref name="training"/> is looked at, so validation and test rows stay unseen.</summary>
    public static PreprocessingPlan Plan(DataSchema schema, IDataView training, PreprocessingOptions options)
    {
        var numeric = schema.Features.Where(c => c.Role != ColumnRole.Categorical).SelectMany(c => c.LoadedColumnNames).ToArray();
        var categorical = schema.Features.Where(c => c.Role == ColumnRole.Categorical).Select(c => c.LoadedName).ToArray();

        var hasMissing = new bool[numeric.Length];
        var counts = categorical.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var columns = numeric.Concat(categorical).Select(n => training.Schema[n]).ToArray();
        using (var cursor = training.GetRowCursor(columns))
        {
            var floatGetters = numeric.Select(n => cursor.GetGetter<float>(training.Schema[n])).ToArray();
            var textGetters = categorical.Select(n => cursor.GetGetter<ReadOnlyMemory<char>>(training.Schema[n])).ToArray();
            float value = 0;
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                for (var i = 0; i < floatGetters.Length; i++)
                {
                    floatGetters[i](ref value);
                    if (float.IsNaN(value)) hasMissing[i] = true;
                }
                for (var i = 0; i < textGetters.Length; i++)
                {
                    textGetters[i](ref text);
                    if (text.IsEmpty) continue;
                    var key = text.ToString();
                    counts[i][key] = counts[i].GetValueOrDefault(key) + 1;
                }
            }
        }

        var encodings = categorical.Select((name, i) => new CategoricalEncoding(
            name,
            [.. counts[i].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Where((kv, rank) => rank < options.MaxCategories || (kv.Value >= options.MinCategoryRows && rank < PreprocessingOptions.MostCategoriesKept))
                .Select(kv => kv.Key)],
            counts[i].Count))
            .Where(e => e.Categories.Length > 0);
        return new PreprocessingPlan(
            [.. numeric],
            [.. numeric.Where((_, i) => hasMissing[i])],
            [.. encodings],
            options);
    }
}
