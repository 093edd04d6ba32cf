using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using TraceGrains.Grains.Journal;
using TraceGrains.Grains.Tree;

namespace TraceGrains.Grains;

/// <summary>
/// One trace. Reentrant so that calls arriving while an append is in flight are applied at once;
/// every call answers only after its own changes are durable in the silo's shared log.
/// </summary>
[Reentrant]
[Orleans.Placement.RandomPlacement]
public sealed partial class TraceGrain(
    [PersistentState(StorageNames.TraceSnapshot, StorageNames.Traces)] IPersistentState<TraceSnapshot> snapshot,
    IAppendLog journal,
    FrameCodec<JournalEntry> codec,
    Orleans.Serialization.Serializer<JournalEntry> serializer,
    Wal.SharedLog wal,
    IOptions<Wal.WalOptions> walOptions,
    Storage.BlobContainerProvider containers,
    IOptions<TraceLimitsOptions> limits,
    IOptions<JournalOptions> journalOptions,
    IOptions<TraceGrains.Index.IndexOptions> indexOptions,
    Index.IndexOutbox indexOutbox,
    TimeProvider time,
    ILogger<TraceGrain> logger) : Grain, ITraceGrain
{
    private TraceTree _tree = null!;

    public async Task<AddSpansResult> AddSpansAsync(ImmutableArray<SpanRecord> spans)
    {
        ThrowIfBroken();
        var accepted = ImmutableArray.CreateBuilder<SpanRecord>(spans.Length);
        var rejected = ImmutableArray.CreateBuilder<SpanRejection>();
        for (var i = 0; i < spans.Length; i++)
        {
            if (_tree.Apply(spans[i], i, limits.Value) is { } rejection)
            {
                rejected.Add(rejection);
                IngestMetrics.SpanRejected(rejection.Reason);
            }
            else
            {
                accepted.Add(spans[i]);
            }
        }
        SyncHeldSpans();
        if (accepted.Count > 0)
        {
            var now = time.GetUtcNow();
            _tree.Touch(now);
            _tree.PinIndexTime(accepted.Select(s => s.StartTime).Min() ?? now);
            await CommitAsync(new JournalEntry(now, accepted.DrainToImmutable(), [], _tree.IndexTime));
            IngestMetrics.SpansAccepted(spans.Length - rejected.Count);
        }
        return new AddSpansResult(spans.Length - rejected.Count, rejected.ToImmutable());
    }

    // A trace someone opens is usually read again (a UI polling it): the last answer is kept until
    // the trace changes.
    private (long Version, TraceDetails Details)? _lastDetails;

    public Task<TraceDetails?> GetTraceAsync()
    {
        CheckFreshnessSoon();
        if (_tree.SpanCount == 0) return Task.FromResult<TraceDetails?>(null);
        if (_lastDetails is not { } last || last.Version != _tree.Version) _lastDetails = last = (_tree.Version, _tree.Details());
        return Task.FromResult<TraceDetails?>(last.Details);
    }

    public Task<TraceSummary?> GetSummaryAsync()
    {
        CheckFreshnessSoon();
        return Task.FromResult(_tree.SpanCount == 0 ? null : _tree.Summary());
    }

    public async Task<FeedbackOutcome> AddFeedbackAsync(FeedbackRecord feedback)
    {
        ThrowIfBroken();
        if (_tree.SpanCount == 0) return FeedbackOutcome.TraceNotFound;
        if (_tree.TryGetFeedback(feedback.Id, out _)) return FeedbackOutcome.Saved; // a retry
        if (!_tree.PutFeedback(feedback, limits.Value.MaxFeedbackPerTrace))
        {
            IngestMetrics.FeedbackRejected(TraceKey.Parse(this.GetPrimaryKeyString()).WorkspaceId);
            return FeedbackOutcome.LimitReached;
        }
        await CommitFeedbackAsync(feedback);
        return FeedbackOutcome.Saved;
    }

    public async Task<FeedbackOutcome> UpdateFeedbackAsync(FeedbackUpdate update)
    {
        ThrowIfBroken();
        if (_tree.SpanCount == 0) return FeedbackOutcome.TraceNotFound;
        if (!_tree.TryGetFeedback(update.Id, out var current)) return FeedbackOutcome.FeedbackNotFound;
        var changed = current with
        {
            Value = update.Value ?? current.Value,
            Weight = update.Weight ?? current.Weight,
            Metadata = update.Metadata ?? current.Metadata,
            UpdatedAt = time.GetUtcNow(),
        };
        _tree.PutFeedback(changed, null);
        await CommitFeedbackAsync(changed);
        return FeedbackOutcome.Saved;
    }

    private Task CommitFeedbackAsync(FeedbackRecord feedback)
    {
        var now = time.GetUtcNow();
        _tree.Touch(now);
        return CommitAsync(new JournalEntry(now, [], [feedback], _tree.IndexTime));
    }
}
