using Grpc.Core;

namespace TraceGrains.Api.Query;

/// <summary>
/// A protobuf message already encoded, answered as is: on the wire it is the message itself, so
/// clients parse it with the message's own parser. The bytes are shared and must not be changed.
/// </summary>
public sealed class EncodedMessage(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public static readonly Marshaller<EncodedMessage> Marshaller =
        Marshallers.Create(message => message.Bytes, bytes => new EncodedMessage(bytes));
}
