namespace TraceGrains.Index;

/// <summary>
/// The order of every trace list: by sort value (descending or ascending), ties by trace id
/// ascending. Partitions and the API's merge must use this same rule, or cursors would skip traces.
/// </summary>
public static class IndexOrder
{
    public static int Compare(double valueA, string idA, double valueB, string idB, bool descending)
    {
        var byValue = descending ? valueB.CompareTo(valueA) : valueA.CompareTo(valueB);
        return byValue != 0 ? byValue : string.CompareOrdinal(idA, idB);
    }
}
