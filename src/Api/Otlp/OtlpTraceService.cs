using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Otlp;

/// <summary>
/// OTLP/gRPC: <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>. Bound by
/// <see cref="OtlpTraceMethodProvider"/> rather than the generated base class, so that a message
/// that does not parse is INVALID_ARGUMENT instead of the UNKNOWN grpc-dotnet gives by default.
/// </summary>
public sealed class OtlpTraceService(OtlpReceiver receiver)
{
    public Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        receiver.ExportAsync(context.WorkspaceId(), request);
}

public sealed class OtlpTraceMethodProvider : IServiceMethodProvider<OtlpTraceService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpTraceService> context)
    {
        var method = new Method<ExportTraceServiceRequest, ExportTraceServiceResponse>(
            MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
            SafeMarshaller.For(ExportTraceServiceRequest.Parser), SafeMarshaller.For(ExportTraceServiceResponse.Parser));
        context.AddUnaryMethod(method, [], (service, request, call) => service.Export(request, call));
    }
}
