using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StackExchange.Redis;
using Xunit;

namespace FeedbackFix.TestSupport;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a throwaway data folder, for store and
/// queue tests. Use as an xunit class or collection fixture; it stops the server when disposed.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private readonly string _directory = Directory.CreateTempSubdirectory("feedbackfix-redis-").FullName;

    public int Port { get; } = FreeTcpPort();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000,allowAdmin=true";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>
    /// Every write reaches the disk before Redis answers it (<c>appendfsync always</c>), so a test that
    /// kills and restarts the server keeps everything it was told was written. With the default of
    /// once a second, Redis postpones writing its log for up to 2 s while an earlier sync is still
    /// running on a busy disk, and answers meanwhile: a kill then loses what it answered. Slower: only
    /// for the tests that restart.
    /// </summary>
    public bool Durable { get; init; }

    public async Task InitializeAsync()
    {
        await StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and data folder.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--dir", _directory,
                "--appendonly", "yes",
                "--appendfsync", Durable ? "always" : "everysec",
                "--save", "",
                "--protected-mode", "yes",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; is it on PATH?");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s.");
    }

    /// <summary>Kills the server, as a crash would; data written with AOF survives a restart.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP) without closing its connections, as a hung or overloaded Redis
    /// would be: commands are sent and never answered, so they time out. <see cref="Resume"/> undoes it.
    /// </summary>
    public void Pause() => Signal(SigStop);

    /// <summary>Lets a paused server run again (SIGCONT); it answers what waited meanwhile.</summary>
    public void Resume() => Signal(SigCont);

    private const int SigCont = 18;
    private const int SigStop = 19;

    private void Signal(int signal)
    {
        if (_process is not { HasExited: false } process || Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Could not send signal {signal} to redis-server (error {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Empties every key, for tests that need a blank store.</summary>
    public Task FlushAsync() => Connection.GetServer("127.0.0.1", Port).FlushDatabaseAsync();

    public async Task DisposeAsync()
    {
        Connection?.Dispose();
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
