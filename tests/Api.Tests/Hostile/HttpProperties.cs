using FsCheck.Xunit;
using static TraceGrains.Api.Tests.Otlp;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>A few end-to-end properties: random input through the real node never gets a 5xx.</summary>
[Collection(HostileCollection.Name)]
[Properties(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 30)]
public sealed class HttpProperties(HostileFixture fixture)
{
    private static readonly byte[] ValidOtlp = Google.Protobuf.MessageExtensions.ToByteArray(Request("svc",
        Span(NewTraceId(), NewSpanId(), null, "root", 0, 100, ("gen_ai.usage.input_tokens", 5L), ("k", "v"))));

    private void NoServerError(string path, byte[] body, string contentType)
    {
        var answer = fixture.Client.PostAsync(path, body, contentType).GetAwaiter().GetResult();
        Assert.True(answer.Status < 500, $"{path}: {answer}");
        if (answer.Status >= 400) Assert.False(string.IsNullOrWhiteSpace(answer.Problem), $"{path}: a refusal that names nothing");
    }

    [Property]
    public void Logs_RandomJson_NeverServerError(PortkeyText text) =>
        NoServerError("/v1/logs", JsonGen.Utf8(text.Json), "application/json");

    [Property]
    public void Feedback_RandomJson_NeverServerError(PortkeyText text) =>
        NoServerError("/v1/feedback", JsonGen.Utf8(text.Json), "application/json");

    [Property]
    public void OtlpJson_RandomJson_NeverServerError(OtlpText text) =>
        NoServerError("/v1/traces", JsonGen.Utf8(text.Json), "application/json");

    [Property]
    public void OtlpProtobuf_MutatedValidRequest_NeverServerError(Mutation mutation) =>
        NoServerError("/v1/traces", ParserProperties.Mutate(ValidOtlp, mutation), "application/x-protobuf");

    [Property]
    public void OtlpProtobuf_RandomBytes_NeverServerError(byte[] bytes) =>
        NoServerError("/v1/traces", bytes, "application/x-protobuf");
}
