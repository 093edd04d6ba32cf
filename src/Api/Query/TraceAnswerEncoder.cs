using Google.Protobuf;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

/// <summary>
/// Encodes a <see cref="GetTraceResponse"/> to the same bytes as <c>ToByteArray()</c>, measuring each
/// <see cref="V1.SpanNode"/> once. The generated code asks a nested message for its size every time
/// it writes the message's length, and a node's size includes its whole subtree, so a span at depth
/// d is measured d + 1 times: spans x depth for a trace. Here one bottom-up pass records every node's
/// size (and its span's), and the write pass reads them back in the same order. The nodes are the
/// ones <see cref="TraceMapper"/> builds, so none carries unknown fields.
/// </summary>
public static class TraceAnswerEncoder
{
    private const WireFormat.WireType Delimited = WireFormat.WireType.LengthDelimited;

    // Field numbers of query.proto.
    private const int ResponseSummary = 1, ResponseRoots = 2, ResponseOrphans = 3, ResponseFeedback = 4, ResponseDetached = 5;
    private const int NodeSpan = 1, NodeSubtree = 2, NodeChildren = 3;

    private record struct Sizes(int Node, int Span, int Subtree);

    public static byte[] Encode(GetTraceResponse response)
    {
        var sizes = new List<Sizes>(response.Summary?.SpanCount ?? 16);
        var length = 0;
        if (response.Summary is { } summary) length += Field(ResponseSummary, summary.CalculateSize());
        length += MeasureAll(ResponseRoots, response.Roots, sizes);
        length += MeasureAll(ResponseOrphans, response.Orphans, sizes);
        foreach (var feedback in response.Feedback) length += Field(ResponseFeedback, feedback.CalculateSize());
        length += MeasureAll(ResponseDetached, response.Detached, sizes);

        var bytes = new byte[length];
        var output = new CodedOutputStream(bytes);
        var next = 0;
        if (response.Summary is { } s)
        {
            output.WriteTag(ResponseSummary, Delimited);
            output.WriteMessage(s);
        }
        WriteAll(output, ResponseRoots, response.Roots, sizes, ref next);
        WriteAll(output, ResponseOrphans, response.Orphans, sizes, ref next);
        foreach (var feedback in response.Feedback)
        {
            output.WriteTag(ResponseFeedback, Delimited);
            output.WriteMessage(feedback);
        }
        WriteAll(output, ResponseDetached, response.Detached, sizes, ref next);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    private static int MeasureAll(int field, IEnumerable<V1.SpanNode> nodes, List<Sizes> sizes)
    {
        var length = 0;
        foreach (var node in nodes) length += Field(field, Measure(node, sizes));
        return length;
    }

    /// <summary>The node's encoded size; records it, its span's and its totals', in pre-order.</summary>
    private static int Measure(V1.SpanNode node, List<Sizes> sizes)
    {
        var at = sizes.Count;
        sizes.Add(default);
        var span = node.Span?.CalculateSize() ?? 0;
        var subtree = node.Subtree?.CalculateSize() ?? 0;
        var length = 0;
        if (node.Span is not null) length += Field(NodeSpan, span);
        if (node.Subtree is not null) length += Field(NodeSubtree, subtree);
        foreach (var child in node.Children) length += Field(NodeChildren, Measure(child, sizes));
        sizes[at] = new Sizes(length, span, subtree);
        return length;
    }

    private static void WriteAll(CodedOutputStream output, int field, IEnumerable<V1.SpanNode> nodes, List<Sizes> sizes, ref int next)
    {
        foreach (var node in nodes)
        {
            output.WriteTag(field, Delimited);
            Write(output, node, sizes, ref next);
        }
    }

    /// <summary>Writes the node's length and body; <paramref name="next"/> walks the sizes in the order Measure made them.</summary>
    private static void Write(CodedOutputStream output, V1.SpanNode node, List<Sizes> sizes, ref int next)
    {
        var size = sizes[next++];
        output.WriteLength(size.Node);
        if (node.Span is { } span)
        {
            output.WriteTag(NodeSpan, Delimited);
            output.WriteLength(size.Span);
            span.WriteTo(output);
        }
        if (node.Subtree is { } subtree)
        {
            output.WriteTag(NodeSubtree, Delimited);
            output.WriteLength(size.Subtree);
            subtree.WriteTo(output);
        }
        foreach (var child in node.Children)
        {
            output.WriteTag(NodeChildren, Delimited);
            Write(output, child, sizes, ref next);
        }
    }

    private static int Field(int field, int length) =>
        CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(length) + length;
}
