using System.Net;
using System.Net.Sockets;

namespace FeedbackFix.Bench.Processes;

/// <summary>Readiness checks for <see cref="ServiceProcess.WaitReadyAsync"/>.</summary>
public static class Probes
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>GET {baseUrl}/health answers 200 (the services' readiness includes Redis).</summary>
    public static Func<CancellationToken, Task<bool>> Health(Uri baseUrl) => async cancellationToken =>
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(baseUrl, "/health"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    };

    /// <summary>Something accepts TCP connections on the loopback port.</summary>
    public static Func<CancellationToken, Task<bool>> Listening(int port) => async cancellationToken =>
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    };
}
