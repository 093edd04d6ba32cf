using Grpc.Core;

namespace TraceGrains.Api.Auth;

/// <summary>The workspace of the key that made a request; endpoints that call this require one.</summary>
public static class CallerExtensions
{
    public static string WorkspaceId(this HttpContext http) =>
        http.User.FindFirst(Caller.WorkspaceClaim)?.Value
        ?? throw new InvalidOperationException("No workspace on this request; the endpoint must require the workspace policy.");

    public static string WorkspaceId(this ServerCallContext context) => context.GetHttpContext().WorkspaceId();

    /// <summary>The workspace claim, or null for requests without one (admin, anonymous).</summary>
    public static string? WorkspaceIdOrNull(this HttpContext http) => http.User.FindFirst(Caller.WorkspaceClaim)?.Value;
}
