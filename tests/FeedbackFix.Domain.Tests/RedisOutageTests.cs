using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>What the workers wait out and try again (Redis could not serve) and what they do not.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public void A_lost_connection_a_timeout_and_a_command_on_a_torn_down_connection_are_outages()
    {
        Assert.True(RedisOutage.Is(new RedisConnectionException(ConnectionFailureType.SocketClosed, "SocketClosed")));
        Assert.True(RedisOutage.Is(new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent)));
        Assert.True(RedisOutage.Is(new TornDownConnectionFault()));
        Assert.True(RedisOutage.Is(new WrittenAsTheConnectionWentFault()));
    }

    [Fact]
    public void A_command_the_client_dropped_unwritten_is_an_outage_but_a_worker_stopping_is_not()
    {
        // StackExchange.Redis 2.x cancels a command it could not write without a token.
        Assert.True(RedisOutage.Is(new TaskCanceledException()));

        using var stopping = new CancellationTokenSource();
        stopping.Cancel();
        Assert.False(RedisOutage.Is(new TaskCanceledException(null, null, stopping.Token)));
        Assert.False(RedisOutage.Is(new OperationCanceledException(stopping.Token)));
    }

    [Fact]
    public void A_fault_of_our_own_is_not_an_outage()
    {
        Assert.False(RedisOutage.Is(new InvalidOperationException("Reading is not allowed after reader was completed.")));
        Assert.False(RedisOutage.Is(new FormatException("not a vector")));
    }

    /// <summary>What StackExchange.Redis 2.x throws for a command it writes to a socket torn down meanwhile (seen after a Redis restart).</summary>
    private sealed class WrittenAsTheConnectionWentFault() : InvalidOperationException("Writing is not allowed after writer was completed.")
    {
        public override string StackTrace => """
               at System.IO.Pipelines.ThrowHelper.ThrowInvalidOperationException_NoWritingAllowed()
               at StackExchange.Redis.Message.CommandMessage.WriteImpl(PhysicalConnection physical)
               at StackExchange.Redis.Message.WriteTo(PhysicalConnection physical)
               at StackExchange.Redis.PhysicalBridge.WriteMessageToServerInsideWriteLock(PhysicalConnection connection, Message message)
            """;
    }

    /// <summary>What StackExchange.Redis 2.x throws for a command on a socket its heartbeat tore down.</summary>
    private sealed class TornDownConnectionFault() : InvalidOperationException("Reading is not allowed after reader was completed.")
    {
        public override string StackTrace => """
               at System.IO.Pipelines.ThrowHelper.ThrowInvalidOperationException_NoReadingAllowed()
               at StackExchange.Redis.PhysicalConnection.ReadFromPipe()
            """;
    }
}
