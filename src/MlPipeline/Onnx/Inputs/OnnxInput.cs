using Onnx;

namespace MlPipeline.Onnx.Inputs;

/// <summary>One input of the exported graph: its name, the CSV column it takes, and what it holds.</summary>
/// <param name="Name">The input's name: the column's loaded name (<c>csv_&lt;name&gt;</c> when reserved), or <c>&lt;D&gt;_&lt;part&gt;</c> for a date part.</param>
/// <param name="Column">The CSV column (header name) the input is read from.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="DatePart">For a date part, which one (<c>Year</c>, <c>Month</c>, <c>Day</c>, <c>DayOfWeek</c>, <c>Hour</c>); else null.</param>
internal sealed record OnnxInput(string Name, string Column, OnnxInputKind Kind, string? DatePart = null)
{
    /// <summary>Whether the input is a string tensor (a boolean or a category: the cell itself); else float32.</summary>
    public bool IsText => Kind is OnnxInputKind.Boolean or OnnxInputKind.Category;

    /// <summary>The element type of the input tensor.</summary>
    public TensorProto.Types.DataType ElementType => IsText ? TensorProto.Types.DataType.String : TensorProto.Types.DataType.Float;
}
