using System.Reflection;
using System.Reflection.Emit;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Benchmarks.Onnx;

/// <summary>
/// An ML.NET <c>PredictionEngine</c> over a schema known only at run time: the input class is emitted with one public
/// field per loaded column (float or string), as a user would write it by hand for their data.
/// </summary>
internal sealed class PredictionEngines
{
    private readonly Type _rowType;
    private readonly FieldInfo[] _fields;
    private readonly Func<object, float> _predict;

    public PredictionEngines(MLContext ml, ITransformer chain, DataViewSchema loaded)
    {
        Columns = [.. loaded.Where(c => !c.IsHidden).Select(c => (c.Name, IsText: c.Type is TextDataViewType))];
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("BenchRows"), AssemblyBuilderAccess.Run).DefineDynamicModule("BenchRows");
        var builder = module.DefineType("BenchRow", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
        for (var i = 0; i < Columns.Count; i++) builder.DefineField($"F{i}", Columns[i].IsText ? typeof(string) : typeof(float), FieldAttributes.Public);
        _rowType = builder.CreateType();
        _fields = [.. Columns.Select((_, i) => _rowType.GetField($"F{i}")!)];
        var create = typeof(PredictionEngines).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(_rowType);
        _predict = (Func<object, float>)create.Invoke(null, [ml, chain, Columns])!;
    }

    /// <summary>The input columns in field order.</summary>
    public IReadOnlyList<(string Name, bool IsText)> Columns { get; }

    /// <summary>A new input object holding <paramref name="values"/> (float or string per column).</summary>
    public object Row(IReadOnlyList<object?> values)
    {
        var row = Activator.CreateInstance(_rowType)!;
        for (var i = 0; i < _fields.Length; i++) _fields[i].SetValue(row, values[i]);
        return row;
    }

    public float Predict(object row) => _predict(row);

    private static Func<object, float> Create<TRow>(MLContext ml, ITransformer chain, IReadOnlyList<(string Name, bool IsText)> columns) where TRow : class
    {
        var definition = SchemaDefinition.Create(typeof(TRow));
        for (var i = 0; i < columns.Count; i++) definition[$"F{i}"].ColumnName = columns[i].Name;
        var engine = ml.Model.CreatePredictionEngine<TRow, ScoreRow>(chain, inputSchemaDefinition: definition);
        return row => engine.Predict((TRow)row).Score;
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
