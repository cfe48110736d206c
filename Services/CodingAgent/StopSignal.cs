using System.Runtime.InteropServices;

namespace FeedbackFix.CodingAgent;

/// <summary>
/// Turns SIGTERM (ECS StopTask, the process launcher stopping us) and SIGINT into a cancellation,
/// instead of the runtime's immediate exit, so the agent command is killed and a last report is
/// sent inside the grace period before SIGKILL.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
        ];
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

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
