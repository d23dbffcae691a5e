using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Trainers;

/// <summary>Copies the feature vector (and optionally the label) column of a data view into dense arrays.</summary>
internal static class FeatureReader
{
    public static int VectorSize(DataViewSchema schema, string featureColumn)
    {
        var col = schema.GetColumnOrNull(featureColumn) ?? throw new ArgumentException($"Feature column '{featureColumn}' not found.");
        if (col.Type is not VectorDataViewType { ItemType: NumberDataViewType n } v || n.RawType != typeof(float) || v.Size == 0)
            throw new ArgumentException($"Column '{featureColumn}' must be a known-size vector of Single, but is {col.Type}.");
        return v.Size;
    }

    public static void CheckLabel(DataViewSchema schema, string labelColumn)
    {
        var col = schema.GetColumnOrNull(labelColumn) ?? throw new ArgumentException($"Label column '{labelColumn}' not found.");
        if (col.Type != NumberDataViewType.Single)
            throw new ArgumentException($"Label column '{labelColumn}' must be Single, but is {col.Type}.");
    }

    /// <summary>Rows with a non-finite label are skipped: they carry no training signal.</summary>
    public static (float[] X, float[] Y, int Rows) Read(IDataView data, string featureColumn, string labelColumn, int size)
    {
        var fcol = data.Schema[featureColumn];
        var lcol = data.Schema[labelColumn];
        var x = new List<float>();
        var y = new List<float>();
        using var cursor = data.GetRowCursor(new[] { fcol, lcol });
        var fget = cursor.GetGetter<VBuffer<float>>(fcol);
        var lget = cursor.GetGetter<float>(lcol);
        VBuffer<float> buf = default;
        float label = 0;
        var dense = new float[size];
        while (cursor.MoveNext())
        {
            lget(ref label);
            if (!float.IsFinite(label)) continue;
            fget(ref buf);
            buf.CopyTo(dense);
            x.AddRange(dense);
            y.Add(label);
        }
        return (x.ToArray(), y.ToArray(), y.Count);
    }
}
