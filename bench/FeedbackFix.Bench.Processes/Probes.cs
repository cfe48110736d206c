using System.Net;
using System.Net.Sockets;

namespace FeedbackFix.Bench.Processes;

/// <summary>Readiness checks for <see cref="ServiceProcess.WaitReadyAsync"/>.</summary>
public static class Probes
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>GET {baseUrl}/health answers 200 (the services' readiness includes Redis).</summary>
    public static Func<CancellationToken, Task<bool>> Health(Uri baseUrl) => Answers200(new Uri(baseUrl, "/health"));

    /// <summary>
    /// GET {baseUrl}/alive answers 200: the process itself is up. For the gateway, whose readiness
    /// follows every service behind its routes, when a bench runs only some of them.
    /// </summary>
    public static Func<CancellationToken, Task<bool>> Alive(Uri baseUrl) => Answers200(new Uri(baseUrl, "/alive"));

    private static Func<CancellationToken, Task<bool>> Answers200(Uri url) => async cancellationToken =>
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
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
