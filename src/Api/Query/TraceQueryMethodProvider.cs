using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Google.Protobuf;
using TraceGrains.Api.Errors;
using TraceGrains.Api.V1;

namespace TraceGrains.Api.Query;

/// <summary>Binds the query service's methods with marshallers that turn a bad message into INVALID_ARGUMENT.</summary>
public sealed class TraceQueryMethodProvider : IServiceMethodProvider<TraceQueryService>
{
    private const string Service = "tracegrains.v1.TraceQuery";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TraceQueryService> context)
    {
        context.AddUnaryMethod(
            new Method<GetTraceRequest, EncodedMessage>(MethodType.Unary, Service, nameof(TraceQueryService.GetTrace),
                SafeMarshaller.For(GetTraceRequest.Parser), EncodedMessage.Marshaller), [],
            (service, request, call) => service.GetTrace(request, call));
        context.AddUnaryMethod(Unary(nameof(TraceQueryService.GetTraceSummary), GetTraceSummaryRequest.Parser, V1.TraceSummary.Parser), [],
            (service, request, call) => service.GetTraceSummary(request, call));
        context.AddUnaryMethod(Unary(nameof(TraceQueryService.ListFeedback), ListFeedbackRequest.Parser, ListFeedbackResponse.Parser), [],
            (service, request, call) => service.ListFeedback(request, call));
        context.AddUnaryMethod(Unary(nameof(TraceQueryService.ListTraces), ListTracesRequest.Parser, ListTracesResponse.Parser), [],
            (service, request, call) => service.ListTraces(request, call));
        context.AddServerStreamingMethod(
            new Method<WatchTraceRequest, TraceUpdate>(MethodType.ServerStreaming, Service, nameof(TraceQueryService.WatchTrace),
                SafeMarshaller.For(WatchTraceRequest.Parser), SafeMarshaller.For(TraceUpdate.Parser)), [],
            (service, request, stream, call) => service.WatchTrace(request, stream, call));
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, Service, name, SafeMarshaller.For(request), SafeMarshaller.For(response));
}
