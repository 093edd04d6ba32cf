using System.ComponentModel.DataAnnotations;

namespace TraceGrains.Api.Hosting;

/// <summary>Ports and request limits of an API node. Section <c>TraceGrains:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "TraceGrains:Api";

    /// <summary>Address every port binds to; loopback unless deliberately exposed.</summary>
    [Required] public string BindAddress { get; set; } = "127.0.0.1";
    /// <summary>HTTP/1.1: Portkey REST doors and the JSON mirror of queries.</summary>
    [Range(0, 65535)] public int HttpPort { get; set; } = 8080;
    /// <summary>HTTP/2 cleartext: gRPC queries and OTLP/gRPC.</summary>
    [Range(0, 65535)] public int GrpcPort { get; set; } = 4317;
    /// <summary>HTTP/1.1: OTLP/HTTP (<c>POST /v1/traces</c>); the REST port takes it too.</summary>
    [Range(0, 65535)] public int OtlpHttpPort { get; set; } = 4318;
    /// <summary>Largest request body accepted; more gets 413.</summary>
    [Range(1024, 1024L * 1024 * 1024)] public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>Logs or feedback items in one request; more gets 400.</summary>
    [Range(1, 100_000)] public int MaxItemsPerRequest { get; set; } = 1_000;
    /// <summary>Spans in one OTLP export request; more gets 400 / INVALID_ARGUMENT.</summary>
    [Range(1, 1_000_000)] public int MaxSpansPerRequest { get; set; } = 10_000;
    /// <summary>Trace writes (one per trace per request) in flight on this node at once.</summary>
    [Range(1, 100_000)] public int MaxConcurrentTraceWrites { get; set; } = 256;
    /// <summary>How long a write waits for a free slot before the request gets 429.</summary>
    [Range(0, 60_000)] public int MaxQueueWaitMs { get; set; } = 2_000;
    /// <summary>
    /// Spans, over all traces, whose encoded GetTrace answers this node keeps for repeated reads
    /// (about 270 B each; oldest out first); 0 keeps none.
    /// </summary>
    [Range(0, 10_000_000)] public int MappedAnswerCacheSpans { get; set; } = 250_000;
    /// <summary>
    /// Longest trace, span or feedback id accepted (ids also keep to <see cref="IdRules"/>'s characters).
    /// At least 32, so that OTLP's hex trace ids always fit; at most <see cref="IdRules.MaxIdLength"/>.
    /// </summary>
    [Range(32, IdRules.MaxIdLength)] public int MaxIdLength { get; set; } = IdRules.MaxIdLength;
    /// <summary>Seconds clients are told to wait in Retry-After on 503.</summary>
    [Range(1, 600)] public int RetryAfterSeconds { get; set; } = 2;
}
