using Microsoft.ML;

namespace MlPipeline.Data;

/// <summary>Loads a CSV file as an ML.NET <see cref="IDataView"/> that streams from disk, typed by a schema.</summary>
public static class CsvDataLoader
{
    /// <summary>
    /// Numbers, booleans and date parts become float32 columns (NaN when missing), categories text columns
    /// (empty when missing); columns are found by header name. Training mode adds the label and skips rows
    /// whose label is missing; scoring mode keeps every row in order.
    /// </summary>
    /// <exception cref="DataValidationException">The file is unreadable or lacks a column the schema needs.</exception>
    public static IDataView Load(string path, DataSchema schema, LoadMode mode) => new CsvDataView(path, schema, mode);
}
