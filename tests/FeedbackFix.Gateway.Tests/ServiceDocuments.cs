namespace FeedbackFix.Gateway.Tests;

/// <summary>
/// Small OpenAPI 3.1 documents shaped like Microsoft.AspNetCore.OpenApi writes them, one per
/// proxied service. Besides what the gateway forwards, each holds what it must leave out (health,
/// an internal route, a path the gateway sends to another service), a schema shared word for word
/// (ProblemDetails), one whose name is shared but not its content (Page) and one that differs only
/// through a reference to it (ListResponse). Clustering's admin route answers 401, 403 and 503
/// in the words the services' own transformers write.
/// </summary>
public static class ServiceDocuments
{
    private const string ProblemDetails = """
        "ProblemDetails": {
          "type": "object",
          "properties": {
            "type": { "type": [ "null", "string" ] },
            "title": { "type": [ "null", "string" ] },
            "status": { "type": [ "null", "integer" ], "format": "int32" },
            "detail": { "type": [ "null", "string" ] },
            "instance": { "type": [ "null", "string" ] }
          }
        }
        """;

    private const string ListResponse = """
        "ListResponse": {
          "type": "object",
          "required": [ "page" ],
          "properties": { "page": { "$ref": "#/components/schemas/Page" } }
        }
        """;

    private const string Health = """
        "/health": { "get": { "tags": [ "Health" ], "operationId": "Health", "responses": { "200": { "description": "OK" } } } }
        """;

    public const string Ingestion = $$"""
        {
          "openapi": "3.1.1",
          "info": { "title": "FeedbackFix.Ingestion | v1", "version": "1.0.0" },
          "servers": [ { "url": "http://ingestion" } ],
          "paths": {
            "/ingest/manual": {
              "post": {
                "tags": [ "Ingest" ],
                "operationId": "IngestManual",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ManualFeedback" } } } },
                "responses": {
                  "201": { "description": "Created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FeedbackRef" } } } },
                  "400": { "description": "Bad Request", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } }
                }
              }
            },
            "/ingest/sentry": {
              "post": {
                "tags": [ "Webhooks" ],
                "operationId": "IngestSentry",
                "parameters": [ { "name": "Sentry-Hook-Signature", "in": "header", "required": true, "schema": { "type": "string" } } ],
                "responses": { "202": { "description": "Accepted", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FeedbackRef" } } } } }
              }
            },
            "/feedback": {
              "get": {
                "tags": [ "Feedback" ],
                "operationId": "ListFeedback",
                "parameters": [ { "name": "cursor", "in": "query", "schema": { "type": [ "null", "string" ] } } ],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ListResponse" } } } } }
              }
            },
            "/feedback/{id}": {
              "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
              "get": {
                "tags": [ "Feedback" ],
                "operationId": "GetById",
                "responses": {
                  "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FeedbackItem" } } } },
                  "404": { "description": "Not Found", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } }
                }
              }
            },
            "/internal/reindex": {
              "post": {
                "operationId": "Reindex",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ReindexRequest" } } } },
                "responses": { "204": { "description": "No Content" } }
              }
            },
            {{Health}}
          },
          "components": {
            "schemas": {
              "FeedbackItem": {
                "type": "object",
                "required": [ "id", "title" ],
                "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "cluster_id": { "type": [ "null", "string" ] } }
              },
              "FeedbackRef": { "type": "object", "required": [ "id" ], "properties": { "id": { "type": "string" } } },
              "ManualFeedback": {
                "type": "object",
                "required": [ "title", "body" ],
                "properties": { "title": { "type": "string" }, "body": { "type": "string" }, "url": { "type": [ "null", "string" ], "format": "uri" } }
              },
              "Page": {
                "type": "object",
                "properties": {
                  "items": { "type": "array", "items": { "$ref": "#/components/schemas/FeedbackItem" } },
                  "next_cursor": { "type": [ "null", "string" ] }
                }
              },
              {{ListResponse}},
              {{ProblemDetails}},
              "ReindexRequest": { "type": "object", "properties": { "all": { "type": "boolean" } } }
            }
          },
          "tags": [ { "name": "Ingest" }, { "name": "Webhooks", "description": "Signed deliveries from Sentry and GitHub." }, { "name": "Feedback" }, { "name": "Health" } ]
        }
        """;

    public const string Clusters = $$"""
        {
          "openapi": "3.1.1",
          "info": { "title": "FeedbackFix.Clusters | v1", "version": "1.0.0" },
          "paths": {
            "/clusters": {
              "get": {
                "tags": [ "Clusters" ],
                "operationId": "ListClusters",
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ListResponse" } } } } }
              }
            },
            "/clusters/{id}": {
              "get": {
                "tags": [ "Clusters" ],
                "operationId": "GetById",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ClusterSummary" } } } } }
              },
              "patch": {
                "tags": [ "Clusters", "Admin" ],
                "operationId": "EditCluster",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ClusterEdit" } } } },
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ClusterSummary" } } } } }
              }
            },
            "/jobs/{id}": {
              "get": {
                "tags": [ "Jobs" ],
                "operationId": "GetJob",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Job" } } } } }
              },
              "patch": {
                "tags": [ "Jobs" ],
                "operationId": "ReportJob",
                "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/JobReport" } } } },
                "responses": {
                  "204": { "description": "No Content" },
                  "401": { "description": "Unauthorized", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } }
                },
                "security": [ { "JobToken": [ ] } ]
              }
            },
            "/jobs/{id}/logs": {
              "get": {
                "tags": [ "Jobs" ],
                "operationId": "GetJobLogs",
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                  { "name": "follow", "in": "query", "schema": { "type": "boolean" } }
                ],
                "responses": { "200": { "description": "OK", "content": { "text/event-stream": { "schema": { "type": "string" } } } } }
              }
            },
            "/stats": {
              "get": {
                "tags": [ "Stats" ],
                "operationId": "GetStats",
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object", "additionalProperties": { "type": "integer" } } } } } }
              }
            },
            {{Health}}
          },
          "components": {
            "schemas": {
              "ClusterEdit": { "type": "object", "properties": { "title": { "type": [ "null", "string" ] }, "status": { "type": [ "null", "string" ] } } },
              "ClusterSummary": {
                "type": "object",
                "required": [ "id", "title", "size" ],
                "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "size": { "type": "integer", "format": "int32" } }
              },
              "Job": { "type": "object", "required": [ "id", "status" ], "properties": { "id": { "type": "string" }, "status": { "type": "string" } } },
              "JobReport": { "type": "object", "properties": { "status": { "type": [ "null", "string" ] }, "pr_url": { "type": [ "null", "string" ] } } },
              "Page": {
                "type": "object",
                "properties": {
                  "items": { "type": "array", "items": { "$ref": "#/components/schemas/ClusterSummary" } },
                  "next": { "type": [ "null", "string" ] }
                }
              },
              {{ListResponse}},
              {{ProblemDetails}}
            },
            "securitySchemes": {
              "JobToken": { "type": "http", "scheme": "bearer", "description": "The token the job was created with, given to its agent." }
            }
          },
          "tags": [ { "name": "Clusters" }, { "name": "Admin", "description": "Changes a person makes." }, { "name": "Jobs" }, { "name": "Stats" }, { "name": "Health" } ]
        }
        """;

    /// <summary>Declares its admin key for the whole document, as a service whose every route needs it may.</summary>
    public const string Clustering = $$"""
        {
          "openapi": "3.1.1",
          "info": { "title": "FeedbackFix.Clustering | v1", "version": "1.0.0" },
          "paths": {
            "/clustering/run": {
              "post": {
                "tags": [ "Clustering", "Admin" ],
                "operationId": "RunClustering",
                "responses": {
                  "202": { "description": "Accepted", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RunResult" } } } },
                  "401": { "description": "No AdminKey was sent.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } },
                  "403": { "description": "The AdminKey sent does not allow this.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } },
                  "503": {
                    "description": "The store is unreachable; retry after Retry-After seconds.",
                    "headers": { "Retry-After": { "description": "Seconds to wait before trying again.", "schema": { "type": "integer" } } },
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } }
                  }
                }
              }
            },
            "/config/sources": {
              "get": { "tags": [ "Clustering" ], "operationId": "GetClusteringConfig", "responses": { "200": { "description": "OK" } } }
            },
            "/clusters/{id}/similar": {
              "get": { "tags": [ "Clusters" ], "operationId": "GetSimilarClusters", "responses": { "200": { "description": "OK" } } }
            }
          },
          "components": {
            "schemas": {
              "RunResult": { "type": "object", "properties": { "clustered": { "type": "integer", "format": "int32" } } },
              {{ProblemDetails}}
            },
            "securitySchemes": {
              "AdminKey": { "type": "apiKey", "in": "header", "name": "X-Admin-Key" }
            }
          },
          "security": [ { "AdminKey": [ ] } ],
          "tags": [ { "name": "Clustering" }, { "name": "Admin", "description": "Operator actions." } ]
        }
        """;
}
