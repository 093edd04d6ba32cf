namespace TraceGrains.Api.Ingest;

/// <summary>This node already has as many trace writes in flight as it allows; answered with 429.</summary>
public sealed class IngestOverloadedException(string message) : Exception(message);
