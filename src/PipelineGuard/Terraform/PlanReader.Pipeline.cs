using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PipelineGuard.Model;

namespace PipelineGuard.Terraform;

public static partial class PlanReader
{
    /// <summary>What the tokenizer learns of one resource change before its values are read: everything but the projected values, hints, identities and digest.</summary>
    private readonly record struct ChangeHead(
        string Address, string? PreviousAddress, string? ModuleAddress, string Type, string Name, bool IsData, string? Deposed,
        PlanActions Actions, string? ActionReason, string? ProviderName, bool IsDrift, bool Importing, int Line,
        Range Before, Range After, Range AfterUnknown, Range BeforeSensitive, Range AfterSensitive, Range BeforeIdentity, Range AfterIdentity);

    private sealed partial class ParseState
    {
        private ChangePipeline? _pipeline;

        /// <summary>Where read changes go to have their values read, in plan order.</summary>
        public ChangePipeline Pipeline => _pipeline ??= new ChangePipeline(this, ChangesPerBatch);

        /// <summary>Changes per batch handed to the worker; tests set 1 (a worker from the first change) or more than the plan has (none).</summary>
        public int ChangesPerBatch { get; init; } = ChangePipeline.DefaultChangesPerBatch;

        public void Abandon() => _pipeline?.Dispose();

        /// <summary>
        /// The error a sequential read would have reported when the tokenizer failed with <paramref name="failure"/>:
        /// a change read before the failure whose values cannot be read is earlier in the file, so its error wins.
        /// </summary>
        public Exception FirstError(Exception failure)
        {
            if (_pipeline is null) return failure;
            try
            {
                _pipeline.Complete();
            }
            catch (InputException earlier)
            {
                return earlier;
            }
            return failure;
        }
    }

    /// <summary>
    /// Reads changes' values on a second thread while the tokenizer goes on: on a big plan reading the values is
    /// a third of the work. One worker, fed batches in plan order, so the kept-value cache and the lists see the
    /// same sequence a sequential read would. A plan smaller than one batch never starts the thread.
    /// </summary>
    private sealed class ChangePipeline(ParseState state, int changesPerBatch) : IDisposable
    {
        public const int DefaultChangesPerBatch = 256;
        private const int BatchesInFlight = 4;

        private Batch _filling = new();
        private BlockingCollection<Batch>? _queue;
        private readonly ConcurrentQueue<Batch> _free = new();
        private Thread? _worker;
        private ExceptionDispatchInfo? _workerError;
        private volatile bool _failed;
        private bool _completed;

        public void Add(in ChangeHead head, ReadOnlySpan<byte> element)
        {
            // The worker failed on an earlier change: that error is the read's answer, there is no point reading on.
            if (_failed) Complete();
            _filling.Add(head, element);
            if (_filling.Count < changesPerBatch) return;
            if (_queue is null)
            {
                _queue = new BlockingCollection<Batch>(BatchesInFlight);
                _worker = new Thread(Work) { IsBackground = true, Name = "plan values" };
                _worker.Start();
            }
            _queue.Add(_filling);
            _filling = _free.TryDequeue(out var reused) ? reused : new Batch();
        }

        /// <summary>Finishes every change added so far; throws the first error among them.</summary>
        public void Complete()
        {
            if (_completed)
            {
                _workerError?.Throw();
                return;
            }
            _completed = true;
            if (_queue is not null)
            {
                _queue.Add(_filling);
                _queue.CompleteAdding();
                _worker!.Join();
                _workerError?.Throw();
            }
            else
            {
                Finish(_filling);
            }
        }

        private void Work()
        {
            foreach (var batch in _queue!.GetConsumingEnumerable())
            {
                if (_failed) continue;
                try
                {
                    Finish(batch);
                }
                catch (Exception ex)
                {
                    _workerError = ExceptionDispatchInfo.Capture(ex);
                    _failed = true;
                }
                batch.Clear();
                _free.Enqueue(batch);
            }
        }

        private void Finish(Batch batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                ref readonly var head = ref batch.Head(i);
                state.Keep(state.FinishChange(head, batch.Element(i)));
            }
        }

        public void Dispose()
        {
            if (_queue is null || _completed) return;
            _completed = true;
            // The read failed: what is queued is not needed any more.
            _failed = true;
            _queue.CompleteAdding();
            _worker!.Join();
        }

        /// <summary>Up to one batch of changes and a copy of their bytes (the read buffer moves on under them).</summary>
        private sealed class Batch
        {
            private ChangeHead[] _heads = new ChangeHead[16];
            private (int Start, int Length)[] _spans = new (int, int)[16];
            private byte[] _bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
            private int _used;

            public int Count { get; private set; }

            public void Add(in ChangeHead head, ReadOnlySpan<byte> element)
            {
                if (_used + element.Length > _bytes.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _used + element.Length));
                    _bytes.AsSpan(0, _used).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_bytes);
                    _bytes = bigger;
                }
                if (Count == _heads.Length)
                {
                    Array.Resize(ref _heads, Count * 2);
                    Array.Resize(ref _spans, Count * 2);
                }
                element.CopyTo(_bytes.AsSpan(_used));
                _heads[Count] = head;
                _spans[Count] = (_used, element.Length);
                _used += element.Length;
                Count++;
            }

            public ref readonly ChangeHead Head(int i) => ref _heads[i];

            public ReadOnlySpan<byte> Element(int i) => _bytes.AsSpan(_spans[i].Start, _spans[i].Length);

            public void Clear()
            {
                Array.Clear(_heads, 0, Count);
                Count = 0;
                _used = 0;
            }
        }
    }
}
