using FeedbackFix.CodingAgent;
using Microsoft.Extensions.Logging;

// The coding agent: one job from clone to pull request, reported to PATCH {BACKEND_URL}/jobs/{JOB_ID}.
// Settings/ reads the environment, AgentRun is the flow, Reporting/ the backend, Git/ the clone,
// Command/ the agent command, Pulls/ the pull request. See README.md.
using var loggers = AgentLogging.CreateConsole();
var protection = loggers.CreateLogger(typeof(ProcessProtection).FullName!);
ProcessProtection.HideFromSameUser(protection);     // the command runs as our user: our /proc is not its to read
ProcessProtection.AdoptOrphans(protection);         // ...and what it leaves running is killed before our push
var environment = AgentEntry.ProcessEnvironment();
ProcessProtection.ForgetSecrets();                  // from here the tokens are in `environment` only
using var stop = new StopSignal();                  // SIGTERM (ECS StopTask) and Ctrl+C cancel the run

return await AgentEntry.RunAsync(environment, loggers, TimeProvider.System, stop.Token);
