using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// A TCP proxy in front of a redis-server that delivers every byte <see cref="Delay"/> after it was
/// sent, in each direction, as a distant or congested network does: each round trip takes twice the
/// delay whatever it carries, and a pipelined read of many keys costs one round trip, as it would.
/// A service connected through it does everything it does against Redis, only slower, so work that
/// takes many round trips in a row (a writer's takeover) takes long for real, without a hook.
/// </summary>
internal sealed class SlowNetwork : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly int _targetPort;
    private readonly Task _accepting;

    private SlowNetwork(int targetPort, TimeSpan delay)
    {
        _targetPort = targetPort;
        Delay = delay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>How long every byte takes to cross, each way.</summary>
    public TimeSpan Delay { get; }

    /// <summary>What a client connects to instead of the server, with the options <c>RedisServer</c> gives its own.</summary>
    public string ConnectionString =>
        $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000,allowAdmin=true";

    /// <summary>Starts a proxy to the redis-server listening on <paramref name="targetPort"/>.</summary>
    public static SlowNetwork To(int targetPort, TimeSpan delay) => new(targetPort, delay);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                lock (_pumps)
                {
                    _pumps.Add(PumpAsync(client, server));
                    _pumps.Add(PumpAsync(server, client));
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    // Reads chunks as they come and writes each one once it is Delay old, in order: latency, not a
    // bandwidth limit. Either side closing closes the other.
    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var inFlight = Channel.CreateUnbounded<(long SentAt, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var delivering = DeliverAsync(inFlight.Reader, to.GetStream());
        try
        {
            var source = from.GetStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                inFlight.Writer.TryWrite((TimeProvider.System.GetTimestamp(), buffer[..read]));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        inFlight.Writer.TryComplete();
        await delivering;
        from.Close();
        to.Close();
    }

    private async Task DeliverAsync(ChannelReader<(long SentAt, byte[] Bytes)> inFlight, NetworkStream to)
    {
        try
        {
            await foreach (var (sentAt, bytes) in inFlight.ReadAllAsync(_stop.Token))
            {
                var left = Delay - TimeProvider.System.GetElapsedTime(sentAt);
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left, _stop.Token);
                }
                await to.WriteAsync(bytes, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
