namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>
/// Sentry integration-platform payloads in the documented shapes (docs.sentry.io, Integration
/// Platform, Webhooks: Issues, Issue Alerts, Errors), trimmed of the fields we do not read.
/// </summary>
public static class SentryPayloads
{
    public static string IssueCreated(string issueId, string action = "created") => $$"""
        {
          "action": "{{action}}",
          "actor": { "id": "sentry", "name": "Sentry", "type": "application" },
          "data": {
            "issue": {
              "annotations": [],
              "assignedTo": null,
              "count": "12",
              "culprit": "?(runner)",
              "firstSeen": "2019-08-19T20:58:37.391000Z",
              "hasSeen": false,
              "id": "{{issueId}}",
              "isBookmarked": false,
              "lastSeen": "2019-08-20T08:15:00.000000Z",
              "level": "error",
              "logger": null,
              "metadata": { "filename": "/runner", "type": "ReferenceError", "value": "blooopy is not defined" },
              "numComments": 0,
              "permalink": null,
              "platform": "javascript",
              "project": { "id": "1", "name": "front-end", "platform": "", "slug": "front-end" },
              "shortId": "FRONT-END-9",
              "status": "unresolved",
              "statusDetails": {},
              "substatus": "new",
              "title": "ReferenceError: blooopy is not defined",
              "type": "error",
              "userCount": 3,
              "url": "https://sentry.io/api/0/issues/{{issueId}}/",
              "web_url": "https://sentry.io/organizations/test-org/issues/{{issueId}}/",
              "project_url": "https://sentry.io/api/0/projects/test-org/front-end/"
            }
          },
          "installation": { "uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" }
        }
        """;

    public static string EventAlertTriggered(string issueId, string eventId) => $$"""
        {
          "action": "triggered",
          "actor": { "id": "sentry", "name": "Sentry", "type": "application" },
          "data": {
            "event": {
              "_ref": 1,
              "_ref_version": 2,
              "culprit": "?(<anonymous>)",
              "datetime": "2019-08-19T21:06:17.677000Z",
              "event_id": "{{eventId}}",
              "environment": "production",
              "exception": { "values": [ {
                "type": "ReferenceError", "value": "heck is not defined",
                "mechanism": { "handled": false, "type": "onerror" },
                "stacktrace": { "frames": [
                  { "abs_path": "https://cdn.example.com/vendor.js", "filename": "/vendor.js", "function": "dispatch", "in_app": false, "lineno": 2, "colno": 9 },
                  { "abs_path": "https://app.example.com/main.js", "filename": "/main.js", "function": "onSave", "in_app": true, "lineno": 41, "colno": 5 },
                  { "abs_path": "https://app.example.com/store.js", "filename": "/store.js", "function": "persist", "in_app": true, "lineno": 17, "colno": 3 },
                  { "abs_path": "https://cdn.example.com/vendor.js", "filename": "/vendor.js", "function": "wrapped", "in_app": false, "lineno": 8, "colno": 1 }
                ] }
              } ] },
              "release": "frontend@2.3.1",
              "tags": [ ["browser", "Chrome 75.0.3770"], ["environment", "production"], ["level", "error"] ],
              "issue_url": "https://sentry.io/api/0/issues/{{issueId}}/",
              "issue_id": "{{issueId}}",
              "level": "error",
              "location": "<anonymous>",
              "message": "",
              "metadata": { "filename": "<anonymous>", "type": "ReferenceError", "value": "heck is not defined" },
              "platform": "javascript",
              "project": 1,
              "timestamp": 1566248777.677,
              "title": "ReferenceError: heck is not defined",
              "type": "error",
              "url": "https://sentry.io/api/0/projects/test-org/front-end/events/{{eventId}}/",
              "web_url": "https://sentry.io/organizations/test-org/issues/{{issueId}}/events/{{eventId}}/"
            },
            "triggered_rule": "Very Important Alert Rule!",
            "issue_alert": { "title": "Very Important Alert Rule!", "settings": [ { "name": "channel", "value": "#general" } ] }
          },
          "installation": { "uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" }
        }
        """;

    /// <summary>An error; <paramref name="issueId"/> null leaves issue_id out, as an event without an issue would.</summary>
    public static string ErrorCreated(string? issueId, string eventId)
    {
        var issueFields = issueId is null
            ? ""
            : $"""
              "issue_url": "https://sentry.io/api/0/issues/{issueId}/",
              "issue_id": "{issueId}",
            """;
        return $$"""
            {
              "action": "created",
              "actor": { "id": "sentry", "name": "Sentry", "type": "application" },
              "data": {
                "error": {
                  "_ref": 1293919,
                  "_ref_version": 2,
                  "culprit": "?(runner)",
                  "datetime": "2019-08-19T20:58:37.391000Z",
                  "event_id": "{{eventId}}",
                  {{issueFields}}
                  "level": "warning",
                  "location": "/runner",
                  "message": "",
                  "metadata": { "filename": "/runner", "type": "ReferenceError", "value": "blooopy is not defined" },
                  "platform": "javascript",
                  "project": 1,
                  "title": "ReferenceError: blooopy is not defined",
                  "type": "error",
                  "user": { "ip_address": "162.218.85.90" },
                  "web_url": "https://sentry.io/organizations/test-org/issues/{{issueId ?? "1"}}/events/{{eventId}}/"
                }
              },
              "installation": { "uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" }
            }
            """;
    }

    public static string Comment(string issueId) => $$"""
        {
          "action": "created",
          "data": { "comment": "adding a comment", "project_slug": "sentry", "comment_id": 1234, "issue_id": {{issueId}}, "timestamp": "2022-03-02T21:51:44.118160Z" },
          "installation": { "uuid": "eac5a0ae-60ec-418f-9318-46dc5e7e52ec" },
          "actor": { "type": "user", "id": 1, "name": "colleen" }
        }
        """;

    /// <summary>A numeric Sentry issue id no other test uses.</summary>
    public static string IssueId() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string EventId() => Guid.NewGuid().ToString("N");
}
