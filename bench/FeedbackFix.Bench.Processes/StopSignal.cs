using System.Runtime.InteropServices;

namespace FeedbackFix.Bench.Processes;

/// <summary>Turns Ctrl+C, SIGTERM and SIGHUP into a cancellation, so the run unwinds and stops every server it started.</summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine($"{context.Signal}: stopping...");
                _stop.Cancel();
            }))];
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
