using Google.Protobuf;
using Grpc.Core;

namespace TraceGrains.Api.Errors;

/// <summary>Protobuf marshallers whose parse failure is INVALID_ARGUMENT, the client's mistake.</summary>
public static class SafeMarshaller
{
    public static Marshaller<T> For<T>(MessageParser<T> parser) where T : IMessage<T> =>
        Marshallers.Create(
            message => message.ToByteArray(),
            bytes =>
            {
                try
                {
                    return parser.ParseFrom(bytes);
                }
                catch (InvalidProtocolBufferException e)
                {
                    Hosting.ApiMetrics.RequestRefused(StatusCodes.Status400BadRequest, "message");
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"message: not a valid {typeof(T).Name}: {e.Message}"));
                }
            });
}
