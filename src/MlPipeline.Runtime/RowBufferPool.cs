using System.Collections.Concurrent;

namespace MlPipeline.Runtime;

/// <summary>
/// Reusable <see cref="RowBuffers"/> for concurrent single-record calls: each call takes its own (a new one when all
/// are in use) and gives it back, so no two calls ever share a tensor. At most <see cref="MaxKept"/> are kept.
/// </summary>
internal sealed class RowBufferPool(Func<RowBuffers> create) : IDisposable
{
    private static readonly int MaxKept = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentBag<RowBuffers> _free = [];
    private bool _disposed;

    public RowBuffers Rent() => _free.TryTake(out var buffers) ? buffers : create();

    public void Return(RowBuffers buffers)
    {
        if (_disposed || _free.Count >= MaxKept) buffers.Dispose();
        else _free.Add(buffers);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_free.TryTake(out var buffers)) buffers.Dispose();
    }
}
