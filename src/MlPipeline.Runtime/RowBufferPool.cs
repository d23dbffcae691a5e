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
    private int _kept;
    private volatile bool _disposed;

    public RowBuffers Rent()
    {
        if (!_free.TryTake(out var buffers)) return create();
        Interlocked.Decrement(ref _kept);
        return buffers;
    }

    public void Return(RowBuffers buffers)
    {
        // A counter, not ConcurrentBag.Count, which takes every thread's lock on each call.
        if (_disposed || Interlocked.Increment(ref _kept) > MaxKept)
        {
            if (!_disposed) Interlocked.Decrement(ref _kept);
            buffers.Dispose();
            return;
        }
        _free.Add(buffers);
        // Dispose may have drained the bag between the check and the Add.
        if (_disposed) Drain();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_free.TryTake(out var buffers)) buffers.Dispose();
    }
}
