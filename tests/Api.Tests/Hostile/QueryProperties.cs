using System.Text;
using Microsoft.AspNetCore.Http;
using FsCheck.Xunit;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Query;
using TraceGrains.Api.V1;
using static TraceGrains.Api.Tests.Hostile.ParserProperties;

namespace TraceGrains.Api.Tests.Hostile;

/// <summary>Cursors and list parameters, fed anything at all, decode or are refused naming the parameter.</summary>
[Properties(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 200)]
public sealed class QueryProperties
{
    private static readonly ListCursorCodec Codec = new(Options.Create(new QueryOptions()));

    private static readonly string ValidCursor = Codec.Encode(new ListCursor
    {
        AsOfUnixMs = Now.ToUnixTimeMilliseconds(), FromUnixMs = Now.AddDays(-1).ToUnixTimeMilliseconds(),
        ToUnixMs = Now.ToUnixTimeMilliseconds(), LastValue = 12.5, LastTraceId = "trace-1",
        QueryHash = ByteString.CopyFrom(new byte[16]),
    });

    [Property]
    public void Cursor_RandomText_DecodesOrNamesCursor(string? text) =>
        ParsesOrNamesField(() => _ = Codec.Decode(text ?? ""));

    [Property]
    public void Cursor_RandomBytesAsBase64Url_DecodesOrNamesCursor(byte[] bytes) =>
        ParsesOrNamesField(() => _ = Codec.Decode(Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

    [Property]
    public void Cursor_MutatedValidCursor_DecodesOnlyUnchangedOrNamesCursor(Mutation mutation)
    {
        var mutated = Encoding.ASCII.GetString(Mutate(Encoding.ASCII.GetBytes(ValidCursor), mutation));
        try
        {
            var cursor = Codec.Decode(mutated);
            // Base64 has slack bits in its last character; anything that still decodes must be the same cursor.
            Assert.Equal(Codec.Decode(ValidCursor), cursor);
        }
        catch (FieldException e)
        {
            Assert.Equal("cursor", e.Field);
        }
    }

    [Property(MaxTest = 300)]
    public void ListQuery_RandomParameters_ParseOrNameTheParameter(string[] names, string[] values)
    {
        var pairs = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>();
        string[] known = ["start_time_from", "start_time_to", "has_error", "min_cost_usd", "max_cost_usd", "min_duration_ms",
            "max_duration_ms", "min_feedback_score", "max_feedback_score", "page_size", "sort_by", "order", "metadata.x", "cursor"];
        for (var i = 0; i < Math.Min(names.Length, values.Length); i++)
            pairs[i % 2 == 0 ? known[(names[i]?.Length ?? 0) % known.Length] : names[i] ?? ""] = values[i] ?? "";
        ParsesOrNamesField(() => ListRequestValidator.Parse(ListQueryParameters.Parse(new QueryCollection(pairs))));
    }
}
