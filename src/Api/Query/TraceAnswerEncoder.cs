using System.Collections.Immutable;
using Google.Protobuf;

namespace TraceGrains.Api.Query;

/// <summary>
/// Writes the <see cref="V1.GetTraceResponse"/> of a trace straight from the grain's records: the
/// same bytes as <c>TraceMapper.ToResponse(details).ToByteArray()</c> (a test holds it to that),
/// without building a message per span, timestamp and map entry first and without the generated
/// code's habit of measuring a nested node again at every level above it. Spans are nested exactly as
/// <see cref="TraceMapper.ToResponse"/> nests them. One bottom-up pass measures every node once; the
/// write pass reuses the sizes. Field numbers and presence rules are those of query.proto (proto3:
/// zero and empty values are left out, <c>optional</c> and message fields are written when set).
/// </summary>
public static class TraceAnswerEncoder
{
    private const WireFormat.WireType Delimited = WireFormat.WireType.LengthDelimited;
    private const WireFormat.WireType VarintWire = WireFormat.WireType.Varint;
    private const WireFormat.WireType Fixed64 = WireFormat.WireType.Fixed64;

    // GetTraceResponse
    private const int ResponseSummary = 1, ResponseRoots = 2, ResponseOrphans = 3, ResponseFeedback = 4, ResponseDetached = 5;
    // SpanNode
    private const int NodeSpan = 1, NodeSubtree = 2, NodeChildren = 3;

    private const long TicksPerSecond = TimeSpan.TicksPerSecond;
    private static readonly long UnixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public static byte[] Encode(TraceDetails details)
    {
        var tree = Nest(details.Spans);
        var summary = TraceMapper.ToSummary(details.Summary);
        var feedback = details.Feedback.Select(TraceMapper.ToFeedback).ToArray();

        var length = Field(ResponseSummary, summary.CalculateSize());
        foreach (var node in tree.Roots) length += Field(ResponseRoots, tree.NodeSize[node]);
        foreach (var node in tree.Orphans) length += Field(ResponseOrphans, tree.NodeSize[node]);
        foreach (var f in feedback) length += Field(ResponseFeedback, f.CalculateSize());
        foreach (var node in tree.Detached) length += Field(ResponseDetached, tree.NodeSize[node]);

        var bytes = new byte[length];
        var output = new CodedOutputStream(bytes);
        output.WriteTag(ResponseSummary, Delimited);
        output.WriteMessage(summary);
        foreach (var node in tree.Roots) WriteNode(output, ResponseRoots, details.Spans, tree, node);
        foreach (var node in tree.Orphans) WriteNode(output, ResponseOrphans, details.Spans, tree, node);
        foreach (var f in feedback)
        {
            output.WriteTag(ResponseFeedback, Delimited);
            output.WriteMessage(f);
        }
        foreach (var node in tree.Detached) WriteNode(output, ResponseDetached, details.Spans, tree, node);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    /// <summary>The nesting, as linked child lists over span indexes, and every node's encoded sizes.</summary>
    private sealed class Tree(int count)
    {
        public readonly List<int> Roots = [], Orphans = [], Detached = [];
        public readonly int[] FirstChild = Filled(count), NextSibling = Filled(count), LastChild = Filled(count);
        public readonly int[] NodeSize = new int[count], SpanSize = new int[count], TotalsSize = new int[count];

        private static int[] Filled(int count)
        {
            var a = new int[count];
            Array.Fill(a, -1);
            return a;
        }
    }

    private static Tree Nest(ImmutableArray<SpanView> spans)
    {
        var tree = new Tree(spans.Length);
        var placed = new Dictionary<string, (int Index, int Depth)>(spans.Length, StringComparer.Ordinal);
        // Parents come first, siblings in start order: appending keeps that order (as TraceMapper does).
        for (var i = 0; i < spans.Length; i++)
        {
            var span = spans[i].Span;
            var depth = 0;
            if (span.ParentSpanId is not { } parentId) tree.Roots.Add(i);
            else if (!placed.TryGetValue(parentId, out var parent)) tree.Orphans.Add(i);
            else if (parent.Depth + 1 >= TraceMapper.MaxNestingDepth) tree.Detached.Add(i);
            else
            {
                if (tree.LastChild[parent.Index] is var last and >= 0) tree.NextSibling[last] = i;
                else tree.FirstChild[parent.Index] = i;
                tree.LastChild[parent.Index] = i;
                depth = parent.Depth + 1;
            }
            placed[span.SpanId] = (i, depth);
        }
        // A child always comes after its parent, so walking backwards measures children first.
        for (var i = spans.Length - 1; i >= 0; i--)
        {
            tree.SpanSize[i] = SpanSize(spans[i].Span);
            tree.TotalsSize[i] = TotalsSize(spans[i].Subtree);
            var size = Field(NodeSpan, tree.SpanSize[i]) + Field(NodeSubtree, tree.TotalsSize[i]);
            for (var c = tree.FirstChild[i]; c >= 0; c = tree.NextSibling[c]) size += Field(NodeChildren, tree.NodeSize[c]);
            tree.NodeSize[i] = size;
        }
        return tree;
    }

    private static void WriteNode(CodedOutputStream output, int field, ImmutableArray<SpanView> spans, Tree tree, int i)
    {
        output.WriteTag(field, Delimited);
        output.WriteLength(tree.NodeSize[i]);
        output.WriteTag(NodeSpan, Delimited);
        output.WriteLength(tree.SpanSize[i]);
        WriteSpan(output, spans[i].Span);
        output.WriteTag(NodeSubtree, Delimited);
        output.WriteLength(tree.TotalsSize[i]);
        WriteTotals(output, spans[i].Subtree);
        for (var c = tree.FirstChild[i]; c >= 0; c = tree.NextSibling[c]) WriteNode(output, NodeChildren, spans, tree, c);
    }

    // Span (query.proto), in field order.

    private static int SpanSize(SpanRecord s)
    {
        var size = Text(1, s.TraceId) + Text(2, s.SpanId) + Text(3, s.ParentSpanId) + Text(4, s.Name) + Text(5, s.Kind)
            + Time(6, s.StartTime) + Time(7, s.EndTime) + Double(8, s.DurationMs ?? 0) + Varint(9, (int)s.Status)
            + Text(10, s.StatusMessage) + Text(11, s.Service) + Text(12, s.Provider) + Text(13, s.Model)
            + OptionalVarint(14, s.InputTokens) + OptionalVarint(15, s.OutputTokens) + OptionalVarint(16, s.TotalTokens)
            + (s.CostUsd is not null ? CodedOutputStream.ComputeTagSize(17) + 8 : 0) + Varint(18, (int)s.CostSource);
        return size + Pairs(19, s.Metadata) + Pairs(20, s.Attributes);
    }

    private static void WriteSpan(CodedOutputStream o, SpanRecord s)
    {
        WriteText(o, 1, s.TraceId);
        WriteText(o, 2, s.SpanId);
        WriteText(o, 3, s.ParentSpanId);
        WriteText(o, 4, s.Name);
        WriteText(o, 5, s.Kind);
        WriteTime(o, 6, s.StartTime);
        WriteTime(o, 7, s.EndTime);
        WriteDouble(o, 8, s.DurationMs ?? 0);
        WriteVarint(o, 9, (int)s.Status);
        WriteText(o, 10, s.StatusMessage);
        WriteText(o, 11, s.Service);
        WriteText(o, 12, s.Provider);
        WriteText(o, 13, s.Model);
        WriteOptionalVarint(o, 14, s.InputTokens);
        WriteOptionalVarint(o, 15, s.OutputTokens);
        WriteOptionalVarint(o, 16, s.TotalTokens);
        if (s.CostUsd is { } cost)
        {
            o.WriteTag(17, Fixed64);
            o.WriteDouble((double)cost);
        }
        WriteVarint(o, 18, (int)s.CostSource);
        WritePairs(o, 19, s.Metadata);
        WritePairs(o, 20, s.Attributes);
    }

    // SubtreeTotals (query.proto), in field order.

    private static int TotalsSize(SubtreeTotals t) =>
        Varint(1, t.SpanCount) + Varint(2, t.ErrorCount) + Double(3, (double)t.CostUsd) + Varint(4, t.InputTokens)
        + Varint(5, t.OutputTokens) + Varint(6, t.TotalTokens) + Double(7, t.DurationMs);

    private static void WriteTotals(CodedOutputStream o, SubtreeTotals t)
    {
        WriteVarint(o, 1, t.SpanCount);
        WriteVarint(o, 2, t.ErrorCount);
        WriteDouble(o, 3, (double)t.CostUsd);
        WriteVarint(o, 4, t.InputTokens);
        WriteVarint(o, 5, t.OutputTokens);
        WriteVarint(o, 6, t.TotalTokens);
        WriteDouble(o, 7, t.DurationMs);
    }

    // Fields: sizes (tag included, 0 when left out) and writers.

    private static int Field(int field, int length) =>
        CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(length) + length;

    private static int Text(int field, string? value) =>
        string.IsNullOrEmpty(value) ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeStringSize(value);

    private static void WriteText(CodedOutputStream o, int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        o.WriteTag(field, Delimited);
        o.WriteString(value);
    }

    private static int Double(int field, double value) => value != 0D ? CodedOutputStream.ComputeTagSize(field) + 8 : 0;

    private static void WriteDouble(CodedOutputStream o, int field, double value)
    {
        if (value == 0D) return;
        o.WriteTag(field, Fixed64);
        o.WriteDouble(value);
    }

    /// <summary>
    /// int32, int64 and enum fields alike: protobuf writes a negative int32 or enum sign-extended to 64
    /// bits, so widening to long changes neither the size nor the bytes.
    /// </summary>
    private static int Varint(int field, long value) => value != 0 ? OptionalVarint(field, value) : 0;

    private static void WriteVarint(CodedOutputStream o, int field, long value)
    {
        if (value != 0) WriteOptionalVarint(o, field, value);
    }

    /// <summary>A proto3 <c>optional</c> varint: written whenever set, zero included.</summary>
    private static int OptionalVarint(int field, long? value) =>
        value is { } v ? CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt64Size(v) : 0;

    private static void WriteOptionalVarint(CodedOutputStream o, int field, long? value)
    {
        if (value is not { } v) return;
        o.WriteTag(field, VarintWire);
        o.WriteInt64(v);
    }

    /// <summary>google.protobuf.Timestamp as Timestamp.FromDateTimeOffset makes it: whole seconds since the epoch and non-negative nanos.</summary>
    private static (long Seconds, int Nanos) Stamp(DateTimeOffset t)
    {
        var ticks = t.UtcTicks - UnixEpochTicks;
        var seconds = Math.DivRem(ticks, TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TicksPerSecond;
        }
        return (seconds, (int)(rest * 100));
    }

    private static int TimeBody(long seconds, int nanos) => Varint(1, seconds) + Varint(2, nanos);

    private static int Time(int field, DateTimeOffset? t)
    {
        if (t is not { } v) return 0;
        var (seconds, nanos) = Stamp(v);
        return Field(field, TimeBody(seconds, nanos));
    }

    private static void WriteTime(CodedOutputStream o, int field, DateTimeOffset? t)
    {
        if (t is not { } v) return;
        var (seconds, nanos) = Stamp(v);
        o.WriteTag(field, Delimited);
        o.WriteLength(TimeBody(seconds, nanos));
        WriteVarint(o, 1, seconds);
        WriteVarint(o, 2, nanos);
    }

    /// <summary>A map&lt;string, string&gt;: one entry message per pair, key field 1 and value field 2.</summary>
    private static int Pairs(int field, ImmutableDictionary<string, string> pairs)
    {
        var size = 0;
        foreach (var (key, value) in pairs) size += Field(field, Text(1, key) + Text(2, value));
        return size;
    }

    private static void WritePairs(CodedOutputStream o, int field, ImmutableDictionary<string, string> pairs)
    {
        foreach (var (key, value) in pairs)
        {
            o.WriteTag(field, Delimited);
            o.WriteLength(Text(1, key) + Text(2, value));
            WriteText(o, 1, key);
            WriteText(o, 2, value);
        }
    }
}
