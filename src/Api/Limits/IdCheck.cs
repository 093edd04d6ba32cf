using TraceGrains.Api.Errors;

namespace TraceGrains.Api.Limits;

/// <summary>Ids from clients: within <c>TraceGrains:Api:MaxIdLength</c> and <see cref="IdRules"/>'s characters.</summary>
public static class IdCheck
{
    public static string? Optional(string? id, string field, int maxLength) => id is null ? null : Require(id, field, maxLength);

    public static string Require(string id, string field, int maxLength)
    {
        if (id.Length > maxLength)
            throw new FieldException(field, $"{id.Length} characters, the limit is {maxLength} (TraceGrains:Api:MaxIdLength)", limit: "MaxIdLength");
        if (!IdRules.IsValid(id)) throw new FieldException(field, $"must be {IdRules.Description}", limit: "IdCharacters");
        return id;
    }
}
