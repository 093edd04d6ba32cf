namespace TraceGrains.Bench.LoadGen;

/// <summary>Prompt and answer texts of plausible size, chosen by span id so no randomness is used.</summary>
internal static class Texts
{
    public const string ErrorMessage = "Error code: 500 - The server had an error while processing your request.";

    private static readonly string[] Prompts =
    [
        "You are a helpful support assistant. The customer writes: my invoice for October shows two charges for the same seat, one on the 3rd and one on the 17th. Can you explain why and refund the duplicate if it is one?",
        "Summarise the following meeting notes in five bullet points, keeping names and dates: the team agreed to move the launch to the second week of December, Priya owns the migration plan, and the load tests must pass on the staging cluster first.",
        "Given the search results below, answer the question 'what is the maximum context length of the model' and cite the document ids you used. Results: [doc-12] The model accepts up to 128k tokens of context. [doc-40] Output is limited to 16k tokens.",
        "Review this diff for correctness and style: the function reads the configuration file on every call instead of caching it, and the error path swallows the exception without logging. Suggest a minimal fix.",
    ];

    private static readonly string[] Answers =
    [
        "The second charge on the 17th is a proration for the seat added mid-cycle, not a duplicate. No refund is due, but I have added a note explaining it to your next invoice.",
        "- Launch moves to the second week of December.\n- Priya owns the migration plan.\n- Load tests must pass on staging first.\n- Next sync on Thursday.\n- Risks tracked in the launch doc.",
        "The model accepts up to 128k tokens of context [doc-12]; its output is limited to 16k tokens [doc-40].",
        "Cache the parsed configuration in a static lazy value and log the exception before rethrowing it; both changes are local to the loader.",
    ];

    public static string Prompt(string spanId) => Prompts[Pick(spanId, Prompts.Length)];
    public static string Answer(string spanId) => Answers[Pick(spanId, Answers.Length)];

    private static int Pick(string spanId, int count) => spanId[^1] % count;
}
