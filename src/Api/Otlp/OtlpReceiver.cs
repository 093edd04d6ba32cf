using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Hosting;
using TraceGrains.Api.Ingest;

using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Otlp;

/// <summary>
/// What both OTLP doors do with a decoded request: map it, send it down the one ingest path, and
/// answer with partial success naming what was refused.
/// </summary>
public sealed class OtlpReceiver(SpanIngestor ingestor, ApiOptions options)
{
    private const int MaxMessages = 5;

    /// <summary>Throws <see cref="FieldException"/> for a request over the span limit.</summary>
    public async Task<ExportTraceServiceResponse> ExportAsync(
        string workspaceId, ExportTraceServiceRequest request, IReadOnlyDictionary<int, string>? idErrors = null)
    {
        var count = request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count));
        if (count > options.MaxSpansPerRequest)
            throw new FieldException("resourceSpans", $"{count} spans in one request, the limit is {options.MaxSpansPerRequest} (TraceGrains:Api:MaxSpansPerRequest)",
                limit: "MaxSpansPerRequest");

        var mapped = OtlpSpanMapper.Map(request, idErrors);
        var errors = mapped.Errors;
        if (mapped.Spans.Count > 0)
        {
            var outcomes = await ingestor.IngestAsync(workspaceId, mapped.Spans);
            errors.AddRange(outcomes.OfType<SpanRejection>().Select(r => $"span {r.SpanId}: {r.Message}"));
        }

        var response = new ExportTraceServiceResponse();
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors.Take(MaxMessages));
            if (errors.Count > MaxMessages) message += $"; and {errors.Count - MaxMessages} more";
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = errors.Count, ErrorMessage = message };
        }
        return response;
    }
}
