using System.Net;
using System.Net.Sockets;

namespace TraceGrains.TestSupport;

/// <summary>Loopback ports that were free a moment ago, distinct within this process.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port)) return port;
            }
        }
        throw new InvalidOperationException("No free loopback port found in 100 tries.");
    }
}
